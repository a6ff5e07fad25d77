-- ATTACK: table.concat over a virtual range whose items come from a C __index (tostring):
--   no Lua instruction runs while the buffer grows.
-- CLASS: dos-mem / dos-cpu
-- SAFE HOST MUST: bound the C loop (budget ticks) and the buffer (memory cap).
local virtual = setmetatable({}, { __index = tostring })
print(#table.concat(virtual, "", 1, 1 << 40))
