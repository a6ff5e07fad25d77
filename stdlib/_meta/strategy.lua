---@meta
-- LuaCATS description of the strategy contract (DESIGN.md): what a strategy module returns and
-- what its handlers receive. The bound host API (ctx methods, kumo.log) is in host.lua.

---A closed bar of the strategy's timeframe.
---@class kumo.Bar
---@field symbol string Symbol code, such as '005930'.
---@field time number Bar close time, seconds since 1970 (UTC).
---@field open number
---@field high number
---@field low number
---@field close number
---@field volume number Shares traded.
---@field value number? Value traded (KRW), when the feed has it.

---A trade print.
---@class kumo.Tick
---@field symbol string
---@field time number
---@field price number
---@field qty number
---@field side 'buy'|'sell'|nil Aggressor side, when known.

---An execution of one of the strategy's orders.
---@class kumo.Fill
---@field symbol string
---@field order_id string Client order id returned when the order was placed.
---@field side 'buy'|'sell'
---@field qty number
---@field price number
---@field fee number Commission paid (KRW).
---@field tax number Securities transaction tax paid (KRW).
---@field time number

---A change of state of one of the strategy's orders.
---@class kumo.OrderUpdate
---@field order_id string
---@field symbol string
---@field status 'submitted'|'accepted'|'partially_filled'|'filled'|'cancelled'|'rejected'|'expired'
---@field filled_qty number
---@field leaves_qty number

---Why the host's risk gate or the venue refused an order.
---@class kumo.Rejection
---@field order_id string
---@field symbol string
---@field reason string Machine-readable reason, such as 'max_position'.
---@field message string The sentence a trader reads.

---A timer the strategy set.
---@class kumo.Timer
---@field name string
---@field time number

---A strategy module: `return` one of these from a file in strategies/.
---@class kumo.Strategy
---@field name string? Defaults to the file name.
---@field params table<string, number|string|boolean|(number|string|boolean)[]>? Default parameters; the host may override them.
---@field symbols string[] Symbol codes the strategy trades, such as { '005930' }.
---@field timeframe string? Bar timeframe: 'tick', '30s', '1m', '5m', '15m', '60m', '1h', '1d', '1w' or '1M'. Required with on_bar.
---@field init fun(ctx: kumo.Context)? Called once before the first event (not after a hot reload).
---@field on_bar fun(ctx: kumo.Context, bar: kumo.Bar)?
---@field on_tick fun(ctx: kumo.Context, tick: kumo.Tick)?
---@field on_fill fun(ctx: kumo.Context, fill: kumo.Fill)?
---@field on_timer fun(ctx: kumo.Context, timer: kumo.Timer)?
---@field on_order fun(ctx: kumo.Context, order: kumo.OrderUpdate)?
---@field on_reject fun(ctx: kumo.Context, rejection: kumo.Rejection)?
---@field snapshot fun(): table? Plain data carried across a hot reload; goes with restore.
---@field restore fun(state: table)? Receives what the previous version's snapshot returned.
