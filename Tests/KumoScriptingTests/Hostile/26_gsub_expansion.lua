-- ATTACK: gsub that doubles a string on every pass.
-- CLASS: dos-mem
-- SAFE HOST MUST: memory cap on the result buffer.
local s = string.rep("x", 1 << 20)
for i = 1, 10 do s = s:gsub("x", "xx") end
print(#s)
