-- ATTACK: Lua 5.4.4's C-stack overflow: a chain of coroutines whose __close handlers close the
--   previous coroutine. lua_resetthread restarts the C-call count, so the chain recurses in C
--   until the host segfaults (fixed upstream in 5.4.5; Debian 12 ships 5.4.4).
-- CLASS: crash (interpreter bug)
-- SAFE HOST MUST: bound the nesting of closes and survive.
local coro = false
for i = 1, 2000 do
  local previous = coro
  coro = coroutine.create(function()
    local cc <close> = setmetatable({}, { __close = function()
      if previous then assert(coroutine.close(previous)) end
    end })
    coroutine.yield()
  end)
  assert(coroutine.resume(coro))
end
assert(coroutine.close(coro))
