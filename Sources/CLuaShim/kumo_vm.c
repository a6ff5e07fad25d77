/*
 * kumo_vm.c: the VM's lifecycle, capped allocator, budget hook and protected call helpers.
 */
#include "kumo_shim.h"
#include "kumo_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Headroom granted once a call is killed, so the error can still unwind and be formatted. */
#define KUMO_KILL_RESERVE ((size_t)1 << 20)
#define KUMO_HOOK_PERIOD 100

static kumo_swift_function g_dispatch;

/* The extra space of every thread holds the VM pointer; its low bit marks a coroutine that a
 * kill interrupted inside the hook. Lua 5.4.4 leaves such a thread with hooks disabled, so none
 * of its code (its pending __close handlers) may run again. */
#define KUMO_HOOKLESS_TAG ((uintptr_t)1)

kumo_vm *kumo_vm_of(lua_State *L) {
  return (kumo_vm *)(*(uintptr_t *)lua_getextraspace(L) & ~KUMO_HOOKLESS_TAG);
}

int kumo_is_hookless(lua_State *L) {
  return (*(uintptr_t *)lua_getextraspace(L) & KUMO_HOOKLESS_TAG) != 0;
}

static int64_t coarse_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *kumo_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  kumo_vm *vm = ud;
  if (ptr == NULL) osize = 0;
  if (nsize == 0) {
    free(ptr);
    vm->mem_used -= osize;
    return NULL;
  }
  if (nsize > osize) {
    size_t limit = vm->mem_limit + (vm->killed ? KUMO_KILL_RESERVE : 0);
    if (vm->mem_used + (nsize - osize) > limit) {
      if (!vm->killed) vm->killed = KUMO_KILL_MEMORY;
      return NULL;
    }
  }
  void *p = realloc(ptr, nsize);
  if (p == NULL) return NULL;
  vm->mem_used = vm->mem_used - osize + nsize;
  if (vm->mem_used > vm->mem_peak) vm->mem_peak = vm->mem_used;
  return p;
}

static const char *kill_message(int reason) {
  switch (reason) {
    case KUMO_KILL_INSTRUCTIONS: return "sandbox: instruction budget exceeded";
    case KUMO_KILL_DEADLINE: return "sandbox: time budget exceeded";
    case KUMO_KILL_MEMORY: return "sandbox: memory limit exceeded";
    default: return "sandbox: stopped";
  }
}

/* Raises the kill error. Once killed, the hook fires on every instruction of this thread so a
 * script's own pcall cannot swallow the kill and carry on. */
int kumo_kill(lua_State *L, int reason, int level) {
  kumo_vm *vm = kumo_vm_of(L);
  if (!vm->killed) vm->killed = reason;
  lua_sethook(L, kumo_hook, LUA_MASKCOUNT, 1);
  if (L != vm->L) {
    lua_sethook(vm->L, kumo_hook, LUA_MASKCOUNT, 1); /* the resumer, too */
    if (level == 0) *(uintptr_t *)lua_getextraspace(L) |= KUMO_HOOKLESS_TAG;
  }
  luaL_where(L, level);
  lua_pushstring(L, kill_message(vm->killed));
  lua_concat(L, 2);
  return lua_error(L);
}

/* `level` locates the script line: 0 from the hook (the running Lua function), 1 from a C
 * library function (its Lua caller). */
static void check_budget(lua_State *L, kumo_vm *vm, int level) {
  if (vm->killed) kumo_kill(L, vm->killed, level);
  if (vm->instructions > vm->instruction_limit) kumo_kill(L, KUMO_KILL_INSTRUCTIONS, level);
  if (vm->deadline_ns && coarse_ns() > vm->deadline_ns) kumo_kill(L, KUMO_KILL_DEADLINE, level);
}

void kumo_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  kumo_vm *vm = kumo_vm_of(L);
  vm->instructions += lua_gethookcount(L);
  check_budget(L, vm, 0);
}

void kumo_tick(lua_State *L, int64_t cost) {
  kumo_vm *vm = kumo_vm_of(L);
  vm->instructions += cost;
  check_budget(L, vm, 1);
}

void kumo_budget_begin(kumo_vm *vm, int64_t instruction_limit, int64_t wall_ns) {
  vm->instructions = 0;
  vm->instruction_limit = instruction_limit > 0 ? instruction_limit : INT64_MAX;
  vm->deadline_ns = wall_ns > 0 ? coarse_ns() + wall_ns : 0;
  vm->killed = KUMO_KILL_NONE;
  vm->print_dropped = 0;
  vm->print_budget = KUMO_PRINT_BUDGET;
  /* Restarts the count (every call gets the same budget phase) and undoes a kill's period of 1. */
  lua_sethook(vm->L, kumo_hook, LUA_MASKCOUNT, vm->hook_period);
}

void kumo_budget_end(kumo_vm *vm) {
  vm->deadline_ns = 0;
  vm->instruction_limit = INT64_MAX;
}

kumo_vm *kumo_vm_new(size_t mem_limit, kumo_swift_function dispatch) {
  kumo_vm *vm = calloc(1, sizeof *vm);
  if (vm == NULL) return NULL;
  g_dispatch = dispatch;
  vm->mem_limit = mem_limit;
  vm->hook_period = KUMO_HOOK_PERIOD;
  vm->instruction_limit = INT64_MAX;
  vm->host_now = NAN;
  lua_State *L = lua_newstate(kumo_alloc, vm);
  if (L == NULL) {
    free(vm);
    return NULL;
  }
  vm->L = L;
  *(kumo_vm **)lua_getextraspace(L) = vm;
  /* Installed before any script code runs: coroutines copy their creator's hook. */
  lua_sethook(L, kumo_hook, LUA_MASKCOUNT, vm->hook_period);
  lua_setwarnf(L, NULL, NULL);
  return vm;
}

void kumo_vm_close(kumo_vm *vm) {
  if (vm == NULL) return;
  /* __gc is refused by the sandbox, so closing runs no script code; keep a deadline anyway. */
  kumo_budget_begin(vm, 0, 1000000000);
  vm->killed = KUMO_KILL_MEMORY; /* lets the allocator use its reserve while freeing */
  lua_close(vm->L);
  free(vm);
}

/* The message handler: formats only strings, never runs __tostring or reads __name. */
static int kumo_msgh(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING) {
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
  } else {
    const char *msg = lua_pushfstring(L, "(error object is a %s value)",
                                      lua_typename(L, lua_type(L, 1)));
    luaL_traceback(L, L, msg, 1);
  }
  return 1;
}

int kumo_pcall(lua_State *L, int nargs, int nresults) {
  int base = lua_gettop(L) - nargs; /* the function's slot */
  lua_pushcfunction(L, kumo_msgh);  /* stack: f args msgh  (light C function: no allocation) */
  lua_insert(L, base);              /* stack: msgh f args */
  int status = lua_pcall(L, nargs, nresults, base);
  lua_remove(L, base);              /* stack: results | message */
  return status;
}

/* ---- protected pushes ---------------------------------------------------------------- */

typedef struct {
  const kumo_op *ops;
  size_t count;
} ops_program;

static int run_ops(lua_State *L) {
  const ops_program *program = lua_touserdata(L, 1);
  lua_settop(L, 0);
  luaL_checkstack(L, 64, "value nested too deeply");
  for (size_t i = 0; i < program->count; i++) {
    const kumo_op *op = &program->ops[i];
    switch (op->code) {
      case KUMO_OP_NIL: lua_pushnil(L); break;
      case KUMO_OP_FALSE: lua_pushboolean(L, 0); break;
      case KUMO_OP_TRUE: lua_pushboolean(L, 1); break;
      case KUMO_OP_INTEGER: lua_pushinteger(L, (lua_Integer)op->integer); break;
      case KUMO_OP_NUMBER: lua_pushnumber(L, op->number); break;
      case KUMO_OP_STRING: lua_pushlstring(L, op->string, op->length); break;
      case KUMO_OP_TABLE:
        luaL_checkstack(L, 4, "value nested too deeply");
        lua_createtable(L, (int)op->integer, (int)op->length);
        break;
      case KUMO_OP_SET: lua_rawset(L, -3); break;
      case KUMO_OP_APPEND: lua_rawseti(L, -2, (lua_Integer)op->integer); break;
      case KUMO_OP_REF: lua_rawgeti(L, LUA_REGISTRYINDEX, (lua_Integer)op->integer); break;
      default: return luaL_error(L, "kumo: unknown push op %d", (int)op->code);
    }
  }
  return lua_gettop(L);
}

int kumo_push_ops(lua_State *L, const kumo_op *ops, size_t count, int results) {
  ops_program program = {ops, count};
  if (!lua_checkstack(L, 3)) return LUA_ERRMEM;
  lua_pushcfunction(L, run_ops);
  lua_pushlightuserdata(L, &program);
  return lua_pcall(L, 1, results, 0);
}

static int do_ref(lua_State *L) {
  lua_pushinteger(L, luaL_ref(L, LUA_REGISTRYINDEX));
  return 1;
}

int kumo_ref(lua_State *L) {
  if (!lua_checkstack(L, 2)) {
    lua_pop(L, 1);
    return LUA_NOREF;
  }
  lua_pushcfunction(L, do_ref);
  lua_insert(L, -2);
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    lua_pop(L, 1);
    return LUA_NOREF;
  }
  int ref = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return ref;
}

void kumo_unref(lua_State *L, int ref) { luaL_unref(L, LUA_REGISTRYINDEX, ref); }

int kumo_push_refs(lua_State *L, const int *refs, int count) {
  if (!lua_checkstack(L, count)) return LUA_ERRMEM;
  for (int i = 0; i < count; i++) lua_rawgeti(L, LUA_REGISTRYINDEX, refs[i]);
  return 0;
}

/* Calls Swift, then raises its error here, after every Swift frame has returned. */
static int trampoline(lua_State *L) {
  void *box = lua_touserdata(L, lua_upvalueindex(1));
  int n = g_dispatch(L, box);
  if (n >= 0) return n;
  if (n == KUMO_CALLBACK_ERROR_WHERE && lua_type(L, -1) == LUA_TSTRING) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

static int do_push_swift(lua_State *L) {
  lua_pushcclosure(L, trampoline, 1);
  return 1;
}

int kumo_push_swift_function(lua_State *L, void *box) {
  if (!lua_checkstack(L, 3)) return LUA_ERRMEM;
  lua_pushcfunction(L, do_push_swift);
  lua_pushlightuserdata(L, box);
  return lua_pcall(L, 1, 1, 0);
}

static int do_push_string(lua_State *L) {
  lua_pushlstring(L, lua_touserdata(L, 1), (size_t)lua_tointeger(L, 2));
  return 1;
}

int kumo_push_string(lua_State *L, const char *s, size_t len) {
  if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
  lua_pushcfunction(L, do_push_string);
  lua_pushlightuserdata(L, (void *)s);
  lua_pushinteger(L, (lua_Integer)len);
  return lua_pcall(L, 2, 1, 0);
}

static int do_collect(lua_State *L) {
  lua_gc(L, LUA_GCCOLLECT);
  return 0;
}

void kumo_collect(lua_State *L) {
  lua_pushcfunction(L, do_collect);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) lua_pop(L, 1);
}

int kumo_registryindex(void) { return LUA_REGISTRYINDEX; }
