-- ATTACK: giant field widths and precisions in string.format.
-- CLASS: dos-mem / crash
-- SAFE HOST MUST: Lua 5.4 limits widths to two digits; the error is contained.
print(pcall(string.format, "%099d", 1))
print(string.format("%0999999999d", 1))
