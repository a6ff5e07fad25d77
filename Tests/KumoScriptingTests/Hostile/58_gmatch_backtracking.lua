-- ATTACK: the n^4 backtracking pattern through gmatch.
-- CLASS: dos-cpu
-- SAFE HOST MUST: matcher steps count against the budget in every pattern function.
for m in string.rep("a", 300):gmatch(".-.-.-b") do print(m) end
