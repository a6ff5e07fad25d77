-- ATTACK: spin inside a wrapped coroutine created at load time, resumed by a handler.
-- CLASS: dos-cpu
-- SAFE HOST MUST: coroutines inherit the budget hook.
local spin = coroutine.wrap(function() while true do end end)
function on_tick(i) spin() end
