-- ATTACK: an xpcall message handler that never returns.
-- CLASS: dos-cpu (code on the error path)
-- SAFE HOST MUST: the handler runs under the budget like any code.
xpcall(error, function() while true do end end)
