-- ATTACK: a coroutine killed by the budget inside its hook keeps hooks disabled in Lua 5.4.4;
--   closing it in a later call runs its looping __close with no hook to stop it.
-- CLASS: dos-cpu (interpreter state after a kill)
-- SAFE HOST MUST: never run code of a coroutine a limit stopped.
local co = coroutine.create(function()
  local b <close> = setmetatable({}, { __close = function() while true do end end })
  while true do end
end)
function on_tick(i)
  if i == 1 then return coroutine.resume(co) end
  return coroutine.close(co)
end
