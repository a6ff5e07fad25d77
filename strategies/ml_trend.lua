--- Trades a model's forecast: holds a symbol while the served model expects its return over the
--- label's horizon to beat `enter`, and leaves when the forecast falls below `leave`. Serve the
--- model with `kumo backtest strategies/ml_trend.lua --model transformer_medium …`. A direction
--- model's forecast is read as p(up) − p(down).

local strategy = {
  name = 'ml_trend',
  params = { model = 'transformer_medium', enter = 0.0, leave = 0.0, weight = 0.45 },
  symbols = { 'SYN0001', 'SYN0002' },
  timeframe = '1d',
}

local function forecast(value)
  if type(value) == 'table' then return value.up - value.down end
  return value
end

function strategy.init(ctx)
  local info = ctx:model(strategy.params.model)
  if info then
    ctx:log('info', string.format('%s v%d (%s), hold-out IC %.3f', strategy.params.model, info.version, info.stage, info.metrics.ic or 0))
  end
end

function strategy.on_bar(ctx, bar)
  local value = forecast(ctx:predict(strategy.params.model, bar.symbol))
  if value == nil then return end
  local held = ctx:position(bar.symbol).qty > 0
  if not held and value > strategy.params.enter then
    -- The weight of equity, but never more than the cash left (the other symbol may hold the rest).
    local budget = math.min(strategy.params.weight * ctx:equity(), 0.99 * ctx:buying_power())
    local qty = math.floor(budget / bar.close)
    if qty > 0 then ctx:buy(bar.symbol, qty) end
  elseif held and value < strategy.params.leave then
    ctx:close(bar.symbol)
  end
end

return strategy
