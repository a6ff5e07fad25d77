-- ATTACK: assign a method through a string value to reach the shared string metatable.
-- CLASS: integrity
-- SAFE HOST MUST: strings cannot be indexed for assignment.
local s = "abc"
s.upper = function() return "hijacked" end
