-- ATTACK: a __gc finalizer, which runs outside any handler, with hooks off, and can hang lua_close.
-- CLASS: subtle (code outside the budget)
-- SAFE HOST MUST: refuse __gc in setmetatable.
setmetatable({}, { __gc = function() while true do end end })
