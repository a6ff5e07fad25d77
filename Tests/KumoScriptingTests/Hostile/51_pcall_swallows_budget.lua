-- ATTACK: catch the budget error with pcall and keep looping.
-- CLASS: dos-cpu
-- SAFE HOST MUST: once the budget is spent, every instruction raises again until the host's
--   own call returns.
while true do
  pcall(function() while true do end end)
end
