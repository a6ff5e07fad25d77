-- ATTACK: sorting a million and a half numbers: comparisons in C, no hook event.
-- CLASS: dos-cpu
-- SAFE HOST MUST: count comparisons against the budget.
local t = {}
for i = 1, 1500000 do t[i] = (i * 7919) % 1500007 end
table.sort(t)
