-- ATTACK: backtracking pattern whose cost grows as n^4 inside one C call.
-- CLASS: dos-cpu (uninterruptible by the count hook in the stock library)
-- SAFE HOST MUST: count matcher steps against the budget.
print(string.find(string.rep("a", 200), ".-.-.-b"))
