-- ATTACK: catch "not enough memory" with pcall and keep allocating.
-- CLASS: dos-mem
-- SAFE HOST MUST: a memory kill is final for the call.
for i = 1, 100 do
  pcall(function() local t = {} for j = 1, 1e9 do t[j] = j end end)
end
print("survived")
