-- ATTACK: hand a precompiled chunk to load as a string literal (no string.dump needed).
-- CLASS: crash / memory corruption (malformed bytecode)
-- SAFE HOST MUST: load text chunks only, whatever mode the script asks for.
local header = string.char(27) .. "LuaT" .. string.rep("\0", 32)
print(load(header))
print(pcall(load, header, "x", "b"))
assert(load(header))
