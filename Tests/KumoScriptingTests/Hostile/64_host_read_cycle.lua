-- ATTACK: hand the host a cyclic table, to loop its converter forever.
-- CLASS: dos (host-side)
-- SAFE HOST MUST: refuse cycles.
function on_tick(i)
  local t = {}
  t.self = t
  return t
end
