--- Small pure helpers for strategies: rounding, clamping, copying plain data, merging options.
local M = {}

--- Rounds `x` to the nearest multiple of `step` (a tick size, a lot).
---@param x number
---@param step number Must be > 0.
---@return number
function M.round_to(x, step)
  if type(x) ~= 'number' or type(step) ~= 'number' or step <= 0 then
    error('round_to expects a number and a positive step', 2)
  end
  return math.floor(x / step + 0.5) * step
end

--- Returns `x` limited to [lo, hi].
---@param x number
---@param lo number
---@param hi number
---@return number
function M.clamp(x, lo, hi)
  if lo > hi then
    error('clamp: lo must not exceed hi', 2)
  end
  return math.max(lo, math.min(hi, x))
end

--- Whether `x` is a finite number (not nan or ±inf).
---@param x any
---@return boolean
function M.is_finite(x)
  return type(x) == 'number' and x == x and x ~= math.huge and x ~= -math.huge
end

--- Returns a deep copy of plain data (tables of numbers, strings, booleans); errors on cycles.
---@generic T
---@param value T
---@return T
function M.copy(value)
  local seen = {}
  local function copy(v, depth)
    if type(v) ~= 'table' then
      return v
    end
    if seen[v] or depth > 64 then
      error('copy: value is cyclic or nested too deeply', depth + 2)
    end
    seen[v] = true
    local out = {}
    for k, item in pairs(v) do
      out[copy(k, depth + 1)] = copy(item, depth + 1)
    end
    seen[v] = nil
    return out
  end
  return copy(value, 0)
end

--- Returns the keys of `t`, sorted (numbers before strings), for deterministic iteration.
---@param t table
---@return any[]
function M.sorted_keys(t)
  local keys = {}
  for k in pairs(t) do
    keys[#keys + 1] = k
  end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then
      return ta < tb
    end
    return a < b
  end)
  return keys
end

--- Returns a new table with `defaults` overridden by `overrides` (one level deep).
---@param defaults table
---@param overrides table?
---@return table
function M.merge(defaults, overrides)
  local out = {}
  for k, v in pairs(defaults) do
    out[k] = v
  end
  for k, v in pairs(overrides or {}) do
    out[k] = v
  end
  return out
end

return M
