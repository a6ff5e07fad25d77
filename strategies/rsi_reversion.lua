--- RSI mean reversion: in an uptrend (close above its long SMA), buys when Wilder's RSI falls
--- below the oversold level and sells when it recovers past the exit level or after a
--- maximum holding period.
local strategy = {
  name = 'rsi_reversion',
  params = { period = 14, oversold = 30, exit = 55, trend = 200, max_hold = 20, weight = 0.5 },
  symbols = { '005930' },
  timeframe = '1d',
}

local held_bars = {} -- symbol -> bars since entry

function strategy.init(ctx)
  local p = strategy.params
  if not (p.oversold < p.exit and p.exit < 100) then
    error('params must satisfy oversold < exit < 100', 0)
  end
end

function strategy.on_bar(ctx, bar)
  local p = strategy.params
  local rsi = ctx:rsi(bar.symbol, p.period)
  local trend = ctx:sma(bar.symbol, p.trend)
  if not (rsi and trend) then
    return
  end
  local position = ctx:position(bar.symbol)
  if position.qty == 0 then
    held_bars[bar.symbol] = nil
    if bar.close > trend and rsi < p.oversold then
      ctx:target_percent(bar.symbol, p.weight)
      held_bars[bar.symbol] = 0
    end
    return
  end
  local held = (held_bars[bar.symbol] or 0) + 1
  held_bars[bar.symbol] = held
  if rsi > p.exit or held >= p.max_hold then
    ctx:close(bar.symbol)
  end
end

function strategy.snapshot()
  return { held_bars = held_bars }
end

function strategy.restore(state)
  held_bars = (state and state.held_bars) or {}
end

return strategy
