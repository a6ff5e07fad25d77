/*
 * kumo_sandbox.c: the allow-listed environment every script runs in.
 *
 * Scripts never see the real global table. Each module gets its own environment, filled from
 * a template of safe functions; the library tables in it are read-only proxies; load, require,
 * setmetatable, rawset, collectgarbage, print and os.* are host versions.
 */
#include "kumo_shim.h"
#include "kumo_internal.h"

#include <lua5.4/lualib.h>
#include <math.h>
#include <string.h>

static const char TEMPLATE_KEY = 0; /* registry: the environment template */
static const char FROZEN_KEY = 0;   /* registry: proxy -> name of what it protects */
static const char LOADED_KEY = 0;   /* registry: module name -> value (require's cache) */
static const char LOADING = 0;      /* sentinel while a module's chunk runs */

#define KUMO_PRINT_LINE_MAX 4096

/* ---- read-only proxies ---------------------------------------------------------------- */

static int proxy_newindex(lua_State *L) {
  return luaL_error(L, "sandbox: '%s' is read-only", lua_tostring(L, lua_upvalueindex(1)));
}

static int proxy_next(lua_State *L) {
  lua_settop(L, 2);
  if (lua_next(L, lua_upvalueindex(1))) return 2;
  lua_pushnil(L);
  return 1;
}

static int proxy_pairs(lua_State *L) {
  lua_getmetatable(L, 1);              /* stack: proxy mt */
  lua_pushliteral(L, "__index");
  lua_rawget(L, -2);                   /* stack: proxy mt real */
  lua_pushcclosure(L, proxy_next, 1);  /* iterator keeps the real table out of reach */
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

static int proxy_len(lua_State *L) {
  lua_getmetatable(L, 1);
  lua_pushliteral(L, "__index");
  lua_rawget(L, -2);
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
  return 1;
}

/* Replaces the table on top with a proxy named `name`; unprotected (call from protected C). */
static void freeze_top(lua_State *L, const char *name) {
  int real = lua_gettop(L);
  lua_newtable(L);                                  /* stack: real proxy */
  lua_createtable(L, 0, 5);                         /* stack: real proxy mt */
  lua_pushvalue(L, real);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, name);
  lua_pushcclosure(L, proxy_newindex, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, proxy_pairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushcfunction(L, proxy_len);
  lua_setfield(L, -2, "__len");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);                          /* stack: real proxy */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &FROZEN_KEY);   /* stack: real proxy frozen */
  lua_pushvalue(L, -2);
  lua_pushstring(L, name);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  lua_replace(L, real);                             /* stack: proxy */
}

static int is_frozen(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &FROZEN_KEY);
  lua_pushvalue(L, idx);
  int frozen = lua_rawget(L, -2) != LUA_TNIL;
  if (frozen) {
    lua_remove(L, -2); /* leaves the name on top */
  } else {
    lua_pop(L, 2);
  }
  return frozen;
}

/* ---- environments --------------------------------------------------------------------- */

static void push_new_env(lua_State *L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &TEMPLATE_KEY);  /* stack: template */
  lua_createtable(L, 0, 48);                          /* stack: template env */
  lua_pushnil(L);
  while (lua_next(L, -3)) {                           /* stack: template env k v */
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "_G");
  lua_remove(L, -2);                                  /* stack: env */
}

/* Pushes the _ENV of the Lua function that called the running C function, or a new env. */
static void push_caller_env(lua_State *L) {
  lua_Debug ar;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "f", &ar)) {
    for (int i = 1;; i++) {
      const char *name = lua_getupvalue(L, -1, i);
      if (name == NULL) break;
      if (strcmp(name, "_ENV") == 0 && lua_type(L, -1) == LUA_TTABLE) {
        lua_remove(L, -2);
        return;
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  push_new_env(L);
}

/* ---- base function replacements ------------------------------------------------------- */

static int sb_load(lua_State *L) {
  size_t len;
  if (lua_type(L, 1) != LUA_TSTRING)
    return luaL_error(L, "sandbox: load accepts only a string chunk (no reader functions)");
  const char *text = lua_tolstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, "=(load)");
  const char *mode = luaL_optstring(L, 3, "t");
  if (strcmp(mode, "t") != 0)
    return luaL_error(L, "sandbox: binary chunks are not allowed (load mode must be 't')");
  int has_env = !lua_isnone(L, 4);
  if (luaL_loadbufferx(L, text, len, name, "t") != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  if (has_env) lua_pushvalue(L, 4);
  else push_caller_env(L);
  if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1);
  return 1;
}

static int sb_setmetatable(lua_State *L) {
  int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  if (t == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "sandbox: __gc metamethods are not allowed");
    lua_pop(L, 1);
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
    return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

static int sb_rawset(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  luaL_checkany(L, 3);
  if (is_frozen(L, 1)) return luaL_error(L, "sandbox: '%s' is read-only", lua_tostring(L, -1));
  lua_settop(L, 3);
  lua_rawset(L, 1);
  return 1;
}

/* A script's message handler, skipped once the call is killed: an error raised by the budget
 * hook runs the handler with hooks disabled, where a looping handler could never be stopped. */
static int guarded_handler(lua_State *L) {
  if (kumo_vm_of(L)->killed) return 1; /* pass the kill error through untouched */
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int sb_xpcall(lua_State *L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guarded_handler, 1);
  lua_replace(L, 2);
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the library's xpcall */
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

static int sb_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  if (strcmp(opt, "count") != 0)
    return luaL_error(L, "sandbox: collectgarbage('%s') is not allowed", opt);
  int kb = lua_gc(L, LUA_GCCOUNT);
  int b = lua_gc(L, LUA_GCCOUNTB);
  lua_pushnumber(L, (lua_Number)kb + ((lua_Number)b / 1024));
  return 1;
}

static int sb_print(lua_State *L) {
  kumo_vm *vm = kumo_vm_of(L);
  int n = lua_gettop(L);
  if (vm->print_sink == NULL || vm->print_budget == 0) {
    vm->print_dropped++;
    return 0;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t total = 0;
  for (int i = 1; i <= n && total < KUMO_PRINT_LINE_MAX; i++) {
    if (i > 1) {
      luaL_addchar(&b, '\t');
      total++;
    }
    size_t len;
    const char *s = luaL_tolstring(L, i, &len);  /* may run __tostring: Lua code, hooked */
    if (total + len > KUMO_PRINT_LINE_MAX) {
      len = KUMO_PRINT_LINE_MAX - total;
      lua_pushlstring(L, s, len);
      lua_remove(L, -2);
    }
    luaL_addvalue(&b);  /* the one buffer call that takes a value pushed above the buffer */
    total += len;
  }
  luaL_pushresult(&b);
  size_t len;
  const char *text = lua_tolstring(L, -1, &len);
  if (len > vm->print_budget) {
    vm->print_dropped += len - vm->print_budget;
    len = vm->print_budget;
  }
  vm->print_budget -= len;
  luaL_where(L, 1);
  size_t where_len;
  const char *where = lua_tolstring(L, -1, &where_len);
  vm->print_sink(vm->host, text, len, where, where_len);
  return 0;
}

static int sb_require(lua_State *L) {
  size_t name_len;
  const char *name = luaL_checklstring(L, 1, &name_len);
  lua_settop(L, 1);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &LOADED_KEY);  /* stack: name loaded */
  lua_pushvalue(L, 1);
  int t = lua_rawget(L, 2);                        /* stack: name loaded cached */
  if (t == LUA_TLIGHTUSERDATA) return luaL_error(L, "sandbox: circular require of '%s'", name);
  if (t != LUA_TNIL) return 1;
  lua_pop(L, 1);
  kumo_vm *vm = kumo_vm_of(L);
  if (vm->resolver == NULL) return luaL_error(L, "sandbox: require is not available here");
  const char *text = NULL, *chunkname = NULL;
  size_t text_len = 0;
  if (vm->resolver(vm->host, name, name_len, &text, &text_len, &chunkname) != 0)
    return luaL_error(L, "%s", text ? text : "module not found");
  if (luaL_loadbufferx(L, text, text_len, chunkname, "t") != LUA_OK) return lua_error(L);
  push_new_env(L);                                 /* stack: name loaded chunk env */
  lua_setupvalue(L, -2, 1);
  lua_pushvalue(L, 1);
  lua_pushlightuserdata(L, (void *)&LOADING);
  lua_rawset(L, 2);
  lua_pushvalue(L, 1);                             /* stack: name loaded chunk name */
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {           /* stack: name loaded err */
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    lua_rawset(L, 2);
    return lua_error(L);
  }
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  } else if (lua_type(L, -1) == LUA_TTABLE) {
    freeze_top(L, name);
  }
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -2);                            /* stack: name loaded value name value */
  lua_rawset(L, 2);
  return 1;
}

/* ---- os: host time only --------------------------------------------------------------- */

static int sb_os_time(lua_State *L) {
  kumo_vm *vm = kumo_vm_of(L);
  if (lua_isnoneornil(L, 1) && !isnan(vm->host_now)) {
    lua_pushinteger(L, (lua_Integer)floor(vm->host_now));
    return 1;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int sb_os_date(lua_State *L) {
  kumo_vm *vm = kumo_vm_of(L);
  lua_settop(L, 2);
  if (lua_isnil(L, 2) && !isnan(vm->host_now)) {
    lua_pushinteger(L, (lua_Integer)floor(vm->host_now));
    lua_replace(L, 2);
  }
  if (lua_isnil(L, 1)) {
    lua_pushliteral(L, "%c");
    lua_replace(L, 1);
  }
  if (lua_isnil(L, 2)) lua_settop(L, 1);
  int nargs = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, nargs, 1);
  return 1;
}

/* ---- opening ---------------------------------------------------------------------------- */

static void set_fn(lua_State *L, int table, const char *name, lua_CFunction fn) {
  lua_pushcfunction(L, fn);
  lua_setfield(L, table, name);
}

/* Copies `names` from the table at `from` into the table at `to`. */
static void copy_fields(lua_State *L, int from, int to, const char *const *names) {
  for (; *names; names++) {
    lua_getfield(L, from, *names);
    lua_setfield(L, to, *names);
  }
}

static void open_lib(lua_State *L, const char *name, lua_CFunction open) {
  luaL_requiref(L, name, open, 0);  /* into the registry's _LOADED only, never a global */
}

static int open_sandbox(lua_State *L) {
  int64_t seed = (int64_t)lua_tointeger(L, 1);
  lua_settop(L, 0);
  lua_newtable(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &FROZEN_KEY);
  lua_newtable(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &LOADED_KEY);
  lua_createtable(L, 0, 48);                         /* 1: template */
  int template = 1;

  open_lib(L, "_G", luaopen_base);                   /* 2: the hidden real globals */
  static const char *const base[] = {
      "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
      "rawget", "rawlen", "select", "tonumber", "tostring", "type", "_VERSION", NULL};
  copy_fields(L, 2, template, base);
  lua_getfield(L, 2, "xpcall");
  lua_pushcclosure(L, sb_xpcall, 1);
  lua_setfield(L, template, "xpcall");
  set_fn(L, template, "load", sb_load);
  set_fn(L, template, "setmetatable", sb_setmetatable);
  set_fn(L, template, "rawset", sb_rawset);
  set_fn(L, template, "collectgarbage", sb_collectgarbage);
  set_fn(L, template, "print", sb_print);
  set_fn(L, template, "require", sb_require);
  lua_settop(L, 1);

  open_lib(L, "string", luaopen_string);             /* 2: string */
  lua_pushnil(L);
  lua_setfield(L, 2, "dump");
  kumo_patch_string(L, 2);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);                           /* the string metatable: lock it */
  lua_pushliteral(L, "string");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  freeze_top(L, "string");
  lua_setfield(L, template, "string");

  open_lib(L, "table", luaopen_table);
  kumo_patch_table(L, 2);
  freeze_top(L, "table");
  lua_setfield(L, template, "table");

  open_lib(L, "math", luaopen_math);
  lua_getfield(L, 2, "randomseed");                  /* deterministic per VM, then removed */
  lua_pushinteger(L, (lua_Integer)seed);
  lua_call(L, 1, 0);
  lua_pushnil(L);
  lua_setfield(L, 2, "randomseed");
  freeze_top(L, "math");
  lua_setfield(L, template, "math");

  open_lib(L, "utf8", luaopen_utf8);
  freeze_top(L, "utf8");
  lua_setfield(L, template, "utf8");

  open_lib(L, "coroutine", luaopen_coroutine);
  kumo_patch_coroutine(L, 2);
  freeze_top(L, "coroutine");
  lua_setfield(L, template, "coroutine");

  open_lib(L, "os", luaopen_os);                     /* 2: the real os, kept hidden */
  lua_createtable(L, 0, 3);                          /* 3: the script's os */
  lua_getfield(L, 2, "time");
  lua_pushcclosure(L, sb_os_time, 1);
  lua_setfield(L, 3, "time");
  lua_getfield(L, 2, "date");
  lua_pushcclosure(L, sb_os_date, 1);
  lua_setfield(L, 3, "date");
  lua_getfield(L, 2, "clock");
  lua_setfield(L, 3, "clock");
  freeze_top(L, "os");
  lua_setfield(L, template, "os");
  lua_settop(L, 1);

  lua_rawsetp(L, LUA_REGISTRYINDEX, &TEMPLATE_KEY);
  return 0;
}

int kumo_sandbox_open(kumo_vm *vm, int64_t random_seed) {
  lua_State *L = vm->L;
  lua_pushcfunction(L, open_sandbox);
  lua_pushinteger(L, (lua_Integer)random_seed);
  return lua_pcall(L, 1, 0, 0);
}

static int do_new_env(lua_State *L) {
  push_new_env(L);
  return 1;
}

int kumo_new_env(lua_State *L) {
  if (!lua_checkstack(L, 6)) return LUA_ERRMEM;
  lua_pushcfunction(L, do_new_env);
  return lua_pcall(L, 0, 1, 0);
}

static int do_set_global(lua_State *L) {
  /* stack: name(light userdata) value env-or-nil freeze */
  const char *name = lua_touserdata(L, 1);
  if (lua_toboolean(L, 4) && lua_type(L, 2) == LUA_TTABLE) {
    lua_pushvalue(L, 2);
    freeze_top(L, name);
    lua_replace(L, 2);
  }
  lua_rawgetp(L, LUA_REGISTRYINDEX, &TEMPLATE_KEY);
  lua_pushvalue(L, 2);
  lua_setfield(L, -2, name);
  if (lua_type(L, 3) == LUA_TTABLE) {
    lua_pushvalue(L, 2);
    lua_setfield(L, 3, name);
  }
  return 0;
}

int kumo_set_global(lua_State *L, const char *name, int env_index, int freeze) {
  if (env_index != 0) env_index = lua_absindex(L, env_index);
  int value = lua_gettop(L);
  if (!lua_checkstack(L, 8)) return LUA_ERRMEM;
  lua_pushcfunction(L, do_set_global);
  lua_pushlightuserdata(L, (void *)name);
  lua_pushvalue(L, value);
  if (env_index) lua_pushvalue(L, env_index);
  else lua_pushnil(L);
  lua_pushboolean(L, freeze);
  int status = lua_pcall(L, 4, 0, 0);
  if (status == LUA_OK) lua_remove(L, value);
  return status;
}

static int do_freeze(lua_State *L) {
  const char *name = lua_touserdata(L, 2);
  lua_settop(L, 1);
  freeze_top(L, name);
  return 1;
}

int kumo_freeze(lua_State *L, const char *name) {
  if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
  lua_pushcfunction(L, do_freeze);
  lua_insert(L, -2);
  lua_pushlightuserdata(L, (void *)name);
  return lua_pcall(L, 2, 1, 0);
}

int kumo_load_text(lua_State *L, const char *text, size_t len, const char *chunkname,
                   int env_index) {
  env_index = lua_absindex(L, env_index);
  int status = luaL_loadbufferx(L, text, len, chunkname, "t");
  if (status != LUA_OK) return status;
  lua_pushvalue(L, env_index);
  if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1);
  return LUA_OK;
}
