-- ATTACK: table.move over 2^62 nil slots: a pure C loop that allocates nothing.
-- CLASS: dos-cpu (uninterruptible in the stock library)
-- SAFE HOST MUST: count the loop against the budget.
table.move({}, 1, 1 << 62, 2)
