--- Moving-average crossover: holds the symbol while the fast SMA is above the slow one.
--- Buys to a target weight when the fast average crosses above the slow one and closes the
--- position on the opposite cross. The classic benchmark strategy (backtrader's SMA 10/30).
local ta = require('kumo.ta')

local strategy = {
  name = 'sma_cross',
  params = { fast = 10, slow = 30, weight = 0.9 },
  symbols = { '005930' },
  timeframe = '1d',
}

local crosses = {} -- symbol -> ta.CrossTracker

local function tracker(symbol)
  local t = crosses[symbol]
  if not t then
    t = ta.cross_tracker()
    crosses[symbol] = t
  end
  return t
end

function strategy.init(ctx)
  if strategy.params.fast >= strategy.params.slow then
    error('params.fast must be below params.slow', 0)
  end
  ctx:log('info', 'sma_cross ' .. strategy.params.fast .. '/' .. strategy.params.slow)
end

function strategy.on_bar(ctx, bar)
  local fast = ctx:sma(bar.symbol, strategy.params.fast)
  local slow = ctx:sma(bar.symbol, strategy.params.slow)
  local cross = tracker(bar.symbol):update(fast, slow)
  if cross == 'above' then
    ctx:target_percent(bar.symbol, strategy.params.weight)
  elseif cross == 'below' then
    ctx:close(bar.symbol)
  end
end

function strategy.snapshot()
  local state = {}
  for symbol, t in pairs(crosses) do
    state[symbol] = t:snapshot()
  end
  return state
end

function strategy.restore(state)
  for symbol, saved in pairs(state or {}) do
    tracker(symbol):restore(saved)
  end
end

return strategy
