-- ATTACK: strip the protection by replacing a library table's metatable.
-- CLASS: integrity
-- SAFE HOST MUST: protected metatables cannot change.
setmetatable(math, {})
