-- ATTACK: an error message of 40 MiB, which the host's traceback would copy again.
-- CLASS: dos-mem (host error path)
-- SAFE HOST MUST: stay within the cap and report the failure.
error(string.rep("x", 40 * 2^20))
