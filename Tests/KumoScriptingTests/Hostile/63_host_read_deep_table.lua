-- ATTACK: hand the host a table nested 10,000 levels deep, to blow its C or Swift stack.
-- CLASS: crash (host-side recursion)
-- SAFE HOST MUST: bound the depth it converts.
function on_tick(i)
  local t = {}
  for n = 1, 10000 do t = { t } end
  return t
end
