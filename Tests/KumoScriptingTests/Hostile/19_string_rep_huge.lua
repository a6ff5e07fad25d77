-- ATTACK: one string.rep whose result dwarfs the memory cap, and one with a huge separator count.
-- CLASS: dos-mem
-- SAFE HOST MUST: refuse before allocating (or fail the allocation cleanly).
local s = string.rep("ab", 1 << 40, ",")
