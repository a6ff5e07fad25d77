--- Commodity Channel Index as a Kumo plugin indicator.
--- CCI = (TP - SMA(TP, n)) / (0.015 * mean deviation), with TP = (high + low + close) / 3.
--- Matches TA-Lib's CCI: nil for the first n - 1 bars, 0 when the mean deviation is 0.

---@class cci.State
---@field period integer
---@field prices number[] ring buffer of typical prices
---@field count integer

local function new(params)
  local period = params.period
  if math.type(period) ~= 'integer' or period < 2 then
    error('cci: params.period must be an integer >= 2', 2)
  end
  return { period = period, prices = {}, count = 0 }
end

---@param state cci.State
---@param bar kumo.Bar
---@return number?
local function update(state, bar)
  local typical = (bar.high + bar.low + bar.close) / 3
  state.count = state.count + 1
  state.prices[(state.count - 1) % state.period + 1] = typical
  if state.count < state.period then
    return nil
  end
  local sum = 0
  for i = 1, state.period do
    sum = sum + state.prices[i]
  end
  local average = sum / state.period
  local deviation = 0
  for i = 1, state.period do
    deviation = deviation + math.abs(state.prices[i] - average)
  end
  local distance = typical - average
  if distance == 0 or deviation == 0 then
    return 0
  end
  return distance / (0.015 * (deviation / state.period))
end

return {
  name = 'cci',
  version = '1.0.0',
  setup = function(api, opts)
    api:add_indicator({
      name = 'cci',
      summary = 'Commodity Channel Index over `period` bars (default 14).',
      params = { period = (opts and opts.period) or 14 },
      new = new,
      update = update,
    })
  end,
}
