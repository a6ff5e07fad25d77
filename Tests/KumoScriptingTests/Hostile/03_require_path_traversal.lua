-- ATTACK: require outside the allowed folders: relative traversal, absolute paths, odd names.
-- CLASS: escape (file disclosure)
-- SAFE HOST MUST: accept only dotted Lua names resolved inside stdlib/, plugins/ and the
--   script's folder; refuse the rest with a clear error.
print(pcall(require, "/etc/passwd"))
print(pcall(require, "..secrets"))
print(pcall(require, "kumo/../../etc/passwd"))
require("../../../etc/passwd")
