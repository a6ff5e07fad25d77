-- ATTACK: burn CPU inside the collector with giant steps.
-- CLASS: dos-cpu
-- SAFE HOST MUST: only collectgarbage('count').
collectgarbage("step", 1 << 30)
