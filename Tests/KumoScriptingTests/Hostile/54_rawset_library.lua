-- ATTACK: rawset bypasses __newindex, the usual read-only guard.
-- CLASS: integrity
-- SAFE HOST MUST: rawset refuses the protected tables too.
rawset(string, "format", print)
