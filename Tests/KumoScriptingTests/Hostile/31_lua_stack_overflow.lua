-- ATTACK: unbounded Lua recursion (not tail calls) to exhaust the Lua stack.
-- CLASS: dos-mem
-- SAFE HOST MUST: Lua's own "stack overflow" error, contained.
local function dive(n) return 1 + dive(n + 1) end
dive(1)
