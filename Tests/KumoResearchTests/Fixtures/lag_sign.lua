--- Holds the symbol on the day after a rise `lag` bars back: a strategy whose one parameter
--- either meets the edge planted in the test's data (lag 5) or trades noise.
local strategy = {
  name = 'lag_sign',
  params = { lag = 1, weight = 0.95 },
  symbols = { 'PLANT' },
  timeframe = '1d',
}

local closes = {}

function strategy.on_bar(ctx, bar)
  closes[#closes + 1] = bar.close
  local n = #closes
  local lag = strategy.params.lag
  if n <= lag then return end
  if closes[n - lag + 1] > closes[n - lag] then
    ctx:target_percent(bar.symbol, strategy.params.weight)
  else
    ctx:close(bar.symbol)
  end
end

return strategy
