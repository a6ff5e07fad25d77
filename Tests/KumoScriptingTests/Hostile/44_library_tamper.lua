-- ATTACK: replace a library function for every script and stdlib module in the VM.
-- CLASS: integrity
-- SAFE HOST MUST: library tables are read-only.
string.format = function() return "hijacked" end
