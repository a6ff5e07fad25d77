--- Technical-analysis helpers for strategies: crosses, rolling windows and extremes over series.
--- A series is an array of numbers, oldest first. The host computes indicators (ctx:sma, …);
--- these helpers combine their values.
local M = {}

local function check_series(series, name, level)
  if type(series) ~= 'table' then
    error(name .. ' must be a series (an array of numbers, oldest first)', level + 1)
  end
end

local function check_count(n, level)
  if math.type(n) ~= 'integer' or n < 1 then
    error('n must be a positive integer', level + 1)
  end
end

--- Returns the last two values of a series, or a constant level twice.
local function last_two(x, name)
  if type(x) == 'number' then
    return x, x
  end
  check_series(x, name, 3)
  local n = #x
  if n < 2 then
    return nil, nil
  end
  return x[n - 1], x[n]
end

--- Returns the last two values of `a` and `b`, or nil while either has fewer than two.
local function last_pairs(a, b)
  local a0, a1 = last_two(a, 'a')
  local b0, b1 = last_two(b, 'b')
  if a0 == nil or b0 == nil then
    return nil
  end
  return a0, a1, b0, b1
end

--- Returns true when `a` crossed above `b` on the last step: `a` was at or below `b` one step
--- before and is above it now. Each argument is a series or a number (a constant level).
---@param a number[]|number
---@param b number[]|number
---@return boolean
function M.crossed_above(a, b)
  local a0, a1, b0, b1 = last_pairs(a, b)
  return a0 ~= nil and a0 <= b0 and a1 > b1
end

--- Returns true when `a` crossed below `b` on the last step.
---@param a number[]|number
---@param b number[]|number
---@return boolean
function M.crossed_below(a, b)
  local a0, a1, b0, b1 = last_pairs(a, b)
  return a0 ~= nil and a0 >= b0 and a1 < b1
end

--- Returns the value of the last `n` items of `series` that `is_better` prefers, or nil.
local function extreme(series, n, is_better)
  check_series(series, 'series', 3)
  check_count(n, 3)
  local last = #series
  if last < n then
    return nil
  end
  local best = series[last]
  for i = last - n + 1, last - 1 do
    if is_better(series[i], best) then
      best = series[i]
    end
  end
  return best
end

local function greater(x, y)
  return x > y
end

local function less(x, y)
  return x < y
end

--- Returns the highest of the last `n` values of `series`, or nil when it has fewer than `n`.
---@param series number[]
---@param n integer
---@return number?
function M.highest(series, n)
  return extreme(series, n, greater)
end

--- Returns the lowest of the last `n` values of `series`, or nil when it has fewer than `n`.
---@param series number[]
---@param n integer
---@return number?
function M.lowest(series, n)
  return extreme(series, n, less)
end

--- Returns the mean of the last `n` values of `series`, or nil when it has fewer than `n`.
---@param series number[]
---@param n integer
---@return number?
function M.mean(series, n)
  check_series(series, 'series', 2)
  check_count(n, 2)
  local last = #series
  if last < n then
    return nil
  end
  local sum = 0
  for i = last - n + 1, last do
    sum = sum + series[i]
  end
  return sum / n
end

--- Returns the last value minus the value `n` steps earlier, or nil when there is none.
---@param series number[]
---@param n integer?
---@return number?
function M.change(series, n)
  check_series(series, 'series', 2)
  n = n or 1
  check_count(n, 2)
  local last = #series
  if last <= n then
    return nil
  end
  return series[last] - series[last - n]
end

---@class ta.Window
---@field size integer
local Window = {}
Window.__index = Window

--- Returns a rolling window of the last `size` values: push values, read extremes and the mean.
---@param size integer
---@return ta.Window
function M.window(size)
  check_count(size, 2)
  return setmetatable({ size = size, _values = {}, _first = 1, _count = 0 }, Window)
end

--- Adds a value, dropping the oldest once the window is full.
---@param value number
function Window:push(value)
  if type(value) ~= 'number' then
    error('value must be a number', 2)
  end
  if self._count < self.size then
    self._count = self._count + 1
    self._values[self._count] = value
  else
    self._values[self._first] = value
    self._first = self._first % self.size + 1
  end
end

--- Whether the window holds `size` values.
---@return boolean
function Window:is_full()
  return self._count == self.size
end

--- Returns the values, oldest first.
---@return number[]
function Window:values()
  local out = {}
  for i = 0, self._count - 1 do
    out[i + 1] = self._values[(self._first - 1 + i) % self._count + 1]
  end
  return out
end

--- Returns the highest value held, or nil when empty.
---@return number?
function Window:highest()
  return self._count > 0 and M.highest(self._values, self._count) or nil
end

--- Returns the lowest value held, or nil when empty.
---@return number?
function Window:lowest()
  return self._count > 0 and M.lowest(self._values, self._count) or nil
end

--- Returns the mean of the values held, or nil when empty.
---@return number?
function Window:mean()
  return self._count > 0 and M.mean(self._values, self._count) or nil
end

---@class ta.CrossTracker
local CrossTracker = {}
CrossTracker.__index = CrossTracker

--- Returns a tracker that reports when one value crosses another across calls, for values the
--- host hands over one bar at a time (such as ctx:sma results).
---@return ta.CrossTracker
function M.cross_tracker()
  return setmetatable({ _above = nil }, CrossTracker)
end

--- Feeds the current values; returns 'above' or 'below' on the call where `a` crossed `b`,
--- nil otherwise (and while either value is nil, as during warm-up).
---@param a number?
---@param b number?
---@return 'above'|'below'|nil
function CrossTracker:update(a, b)
  if a == nil or b == nil or a == b then
    return nil
  end
  local above = a > b
  local was = self._above
  self._above = above
  if was == nil or was == above then
    return nil
  end
  return above and 'above' or 'below'
end

--- The state to carry across a hot reload.
---@return table
function CrossTracker:snapshot()
  return { above = self._above }
end

--- Restores what snapshot returned.
---@param state table?
function CrossTracker:restore(state)
  self._above = state and state.above
end

return M
