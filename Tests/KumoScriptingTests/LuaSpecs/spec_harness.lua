-- A small busted-style harness: describe/it and assert helpers; results collected for the host.
local results = {}
local prefix = {}

local function fmt(v)
  return type(v) == 'string' and string.format('%q', v) or tostring(v)
end

local function deep_equal(a, b)
  if type(a) ~= 'table' or type(b) ~= 'table' then
    return a == b
  end
  for k, v in pairs(a) do
    if not deep_equal(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

assert_ = {}

function assert_.equal(expected, actual)
  if expected ~= actual then
    error('expected ' .. fmt(expected) .. ', got ' .. fmt(actual), 2)
  end
end

function assert_.same(expected, actual)
  if not deep_equal(expected, actual) then
    error('tables differ', 2)
  end
end

function assert_.near(expected, actual, tolerance)
  if type(actual) ~= 'number' or math.abs(expected - actual) > tolerance then
    error('expected ' .. fmt(expected) .. ' ± ' .. tolerance .. ', got ' .. fmt(actual), 2)
  end
end

function assert_.errors(fn, pattern)
  local ok, err = pcall(fn)
  if ok then error('expected an error', 2) end
  if pattern and not tostring(err):find(pattern, 1, true) then
    error('error ' .. fmt(tostring(err)) .. ' does not mention ' .. fmt(pattern), 2)
  end
end

function describe(name, body)
  prefix[#prefix + 1] = name
  body()
  prefix[#prefix] = nil
end

function it(name, body)
  local ok, err = pcall(body)
  results[#results + 1] = { name = table.concat(prefix, ' ') .. ' ' .. name, ok = ok, message = ok and '' or tostring(err) }
end

function spec_results()
  return results
end
