--- The SMA(10)/SMA(30) crossover under the rules of ../shared/reference/backtest-*.json
--- (backtrader): cross on the close, buy floor(0.9 * cash / close) while flat, sell all on the
--- opposite cross, market orders filled at the next open. The averages are window sums taken
--- oldest first, as backtrader computes them, so exact ties (ORCL on 2004-06-29) compare the same.
local ta = require('kumo.ta')

local strategy = { params = { fast = 10, slow = 30 }, symbols = { 'X' }, timeframe = '1d' }

local closes = {}
local previous_fast, previous_slow

function strategy.on_bar(ctx, bar)
  closes[#closes + 1] = bar.close
  if #closes > strategy.params.slow then
    table.remove(closes, 1)
  end
  local fast = ta.mean(closes, strategy.params.fast)
  local slow = ta.mean(closes, strategy.params.slow)
  if fast and slow and previous_fast and previous_slow then
    local held = ctx:position(bar.symbol).qty
    if previous_fast < previous_slow and fast > slow and held == 0 then
      local size = math.floor(0.9 * ctx:cash() / bar.close)
      if size > 0 then
        ctx:buy(bar.symbol, size)
      end
    elseif previous_fast > previous_slow and fast < slow and held > 0 then
      ctx:sell(bar.symbol, held)
    end
  end
  previous_fast, previous_slow = fast, slow
end

return strategy
