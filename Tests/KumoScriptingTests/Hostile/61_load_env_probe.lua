-- ATTACK: look for host capabilities through load's default environment and library metatables.
-- CLASS: escape (probe)
-- SAFE HOST MUST: chunks see only the sandboxed globals; protected metatables stay hidden.
assert(load("return io")() == nil, "io reachable")
assert(load("return debug")() == nil, "debug reachable")
assert(getmetatable(string) == "locked")
assert(getmetatable("") == "string")
assert(rawget(string, "find") == nil)
print("contained")
