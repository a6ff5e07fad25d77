/*
 * kumo_corolib.c: coroutine.close and coroutine.wrap with a bound on nested unwinding.
 *
 * Lua 5.4.4 (Debian 12) resets a thread's C-call count when it closes a coroutine, so a chain
 * of coroutines whose __close handlers close the previous one overflows the C stack and
 * crashes the host. Both paths that close a coroutine (close, and a wrapped coroutine that
 * failed) go through here and refuse to nest beyond KUMO_MAX_CLOSE_DEPTH.
 */
#include "kumo_internal.h"

#define KUMO_MAX_CLOSE_DEPTH 16

static void enter_close(lua_State *L, kumo_vm *vm) {
  /* Once killed, run no more script code: __close handlers of a coroutine stopped inside the
   * hook would run with hooks disabled. The kill error goes on unwinding instead. */
  if (vm->killed) kumo_kill(L, vm->killed, 1);
  if (vm->close_depth >= KUMO_MAX_CLOSE_DEPTH)
    luaL_error(L, "sandbox: coroutines closed inside closing coroutines nest too deeply");
  vm->close_depth++;
}

static int co_close(lua_State *L) {
  luaL_argexpected(L, lua_type(L, 1) == LUA_TTHREAD, 1, "coroutine");
  kumo_vm *vm = kumo_vm_of(L);
  lua_settop(L, 1);
  if (kumo_is_hookless(lua_tothread(L, 1)))
    return luaL_error(L, "sandbox: a coroutine stopped by a limit cannot be closed");
  enter_close(L, vm);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the library's close */
  lua_pushvalue(L, 1);
  int status = lua_pcall(L, 1, LUA_MULTRET, 0);
  vm->close_depth--;
  if (status != LUA_OK) return lua_error(L);
  return lua_gettop(L) - 1;
}

static int wrap_call(lua_State *L) {
  int nargs = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(2)); /* the library's resume */
  lua_pushvalue(L, lua_upvalueindex(1)); /* the coroutine */
  lua_rotate(L, 1, 2);                   /* stack: resume co args... */
  lua_call(L, nargs + 1, LUA_MULTRET);
  if (lua_toboolean(L, 1)) {
    lua_remove(L, 1);
    return lua_gettop(L);
  }
  lua_State *co = lua_tothread(L, lua_upvalueindex(1));
  int st = lua_status(co);
  if (st != LUA_OK && st != LUA_YIELD && !kumo_is_hookless(co)) { /* died: close its variables */
    kumo_vm *vm = kumo_vm_of(L);
    enter_close(L, vm);
    lua_resetthread(co);
    vm->close_depth--;
  }
  lua_settop(L, 2);
  if (lua_type(L, 2) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, 2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

static int co_wrap(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the library's create */
  lua_insert(L, 1);
  lua_call(L, 1, 1);                     /* stack: co */
  lua_pushvalue(L, lua_upvalueindex(2)); /* stack: co resume */
  lua_pushcclosure(L, wrap_call, 2);
  return 1;
}

void kumo_patch_coroutine(lua_State *L, int lib) {
  lib = lua_absindex(L, lib);
  lua_getfield(L, lib, "close");
  lua_pushcclosure(L, co_close, 1);
  lua_setfield(L, lib, "close");
  lua_getfield(L, lib, "create");
  lua_getfield(L, lib, "resume");
  lua_pushcclosure(L, co_wrap, 2);
  lua_setfield(L, lib, "wrap");
}
