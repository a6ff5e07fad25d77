/*
 * kumo_shim.h: the C side of Kumo's Lua host.
 *
 * Swift cannot import Lua's macros and must never be crossed by a longjmp, so everything that
 * can raise a Lua error while Swift frames are on the stack lives here: the capped allocator,
 * the budget hook, the protected builders that push values, the trampoline that raises the
 * error of a Swift callback after Swift has returned, and the sandboxed standard library.
 */
#ifndef KUMO_SHIM_H
#define KUMO_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>

/* Why a call was stopped by the host. */
typedef enum {
  KUMO_KILL_NONE = 0,
  KUMO_KILL_INSTRUCTIONS = 1, /* the per-call instruction budget ran out */
  KUMO_KILL_DEADLINE = 2,     /* the per-call wall-clock deadline passed */
  KUMO_KILL_MEMORY = 3,       /* the VM's memory cap was hit */
} kumo_kill_reason;

/* A Swift function bound into Lua. Returns the number of results it pushed, or one of the
 * KUMO_CALLBACK_* codes with an error message on top of the stack. It must not raise. */
typedef int (*kumo_swift_function)(lua_State *L, void *box);
#define KUMO_CALLBACK_ERROR (-1)          /* raise the message as it is */
#define KUMO_CALLBACK_ERROR_WHERE (-2)    /* prefix the caller's "chunk:line:" first */

/* Resolves `require(name)` to source text; returns 0 and fills the out pointers (owned by the
 * host until the next call), or non-zero with a message in *text. Must not touch the Lua state. */
typedef int (*kumo_module_resolver)(void *host, const char *name, size_t name_len,
                                    const char **text, size_t *text_len,
                                    const char **chunkname);

/* Receives what a script prints, already formatted; `where` is "chunk:line" of the caller. */
typedef void (*kumo_print_sink)(void *host, const char *text, size_t len,
                                const char *where, size_t where_len);

/* Per-VM host state; reachable from every coroutine through lua_getextraspace. */
typedef struct kumo_vm {
  lua_State *L;
  size_t mem_used, mem_peak, mem_limit;
  int64_t instructions, instruction_limit; /* per call */
  int64_t deadline_ns;                     /* CLOCK_MONOTONIC_COARSE; 0 = none */
  int killed;                              /* kumo_kill_reason of the current call */
  int hook_period;
  int close_depth;                         /* nesting of coroutine.close / wrap unwinds */
  double host_now;                         /* what os.time() returns; NaN = real time */
  size_t print_budget;                     /* bytes print may still emit in this call */
  size_t print_dropped;                    /* bytes dropped because of that budget */
  void *host;                              /* handed back to the callbacks below */
  kumo_module_resolver resolver;
  kumo_print_sink print_sink;
} kumo_vm;

/* Lifecycle. kumo_vm_new returns NULL when even the bare state cannot be made. */
kumo_vm *kumo_vm_new(size_t mem_limit, kumo_swift_function dispatch);
void kumo_vm_close(kumo_vm *vm);
kumo_vm *kumo_vm_of(lua_State *L);

/* Opens the sandboxed libraries and builds the base environment template; protected.
 * Returns a Lua status; on error the message is on top of the stack. */
int kumo_sandbox_open(kumo_vm *vm, int64_t random_seed);
/* Pushes a fresh environment table filled from the template (protected). */
int kumo_new_env(lua_State *L);
/* Registers a value (top of stack) as a read-only proxy global `name` in the template and in
 * the environment at `env_index` (if non-zero); protected; pops the value. */
int kumo_set_global(lua_State *L, const char *name, int env_index, int freeze);

/* Budgets: set before each call from the host; checked by the hook and the C library. */
void kumo_budget_begin(kumo_vm *vm, int64_t instruction_limit, int64_t wall_ns);
void kumo_budget_end(kumo_vm *vm);

/* Loads a text chunk (never binary) and sets its _ENV to the table at env_index. Protected;
 * pushes the function or an error message. */
int kumo_load_text(lua_State *L, const char *text, size_t len, const char *chunkname,
                   int env_index);

/* Calls the function below `nargs` arguments with the traceback handler; removes the handler.
 * Leaves `nresults` results (LUA_MULTRET allowed) or the formatted error message. */
int kumo_pcall(lua_State *L, int nargs, int nresults);

/* A flat program of pushes, run protected so an allocation failure cannot longjmp into Swift. */
typedef enum {
  KUMO_OP_NIL, KUMO_OP_FALSE, KUMO_OP_TRUE, KUMO_OP_INTEGER, KUMO_OP_NUMBER, KUMO_OP_STRING,
  KUMO_OP_TABLE,   /* push a new table sized (integer: array, length: hash) */
  KUMO_OP_SET,     /* t[k] = v with t, k, v on top; pops k and v (raw) */
  KUMO_OP_APPEND,  /* t[integer] = v with t, v on top; pops v (raw) */
  KUMO_OP_REF,     /* push registry[integer] */
} kumo_op_code;

typedef struct kumo_op {
  int32_t code;
  int64_t integer;
  double number;
  const char *string;
  size_t length;
} kumo_op;

/* Runs `count` ops, leaving exactly `results` values pushed; returns a Lua status. */
int kumo_push_ops(lua_State *L, const kumo_op *ops, size_t count, int results);
/* Protected luaL_ref into the registry; returns the ref or LUA_NOREF (and pops the value). */
int kumo_ref(lua_State *L);
void kumo_unref(lua_State *L, int ref);
/* Pushes the registry values `refs[0..count)` with one stack check (a per-event call's function,
   object and records in one crossing); returns 0, or LUA_ERRMEM with nothing pushed. */
int kumo_push_refs(lua_State *L, const int *refs, int count);
/* Protected push of a C closure that calls Swift: upvalue 1 is `box`. */
int kumo_push_swift_function(lua_State *L, void *box);
/* Protected push of a string (error message for a callback). Returns a Lua status. */
int kumo_push_string(lua_State *L, const char *s, size_t len);
/* Wraps the table on top in a read-only proxy (protected); replaces it on the stack. */
int kumo_freeze(lua_State *L, const char *name);
/* Full garbage collection, protected. */
void kumo_collect(lua_State *L);

/* LUA_REGISTRYINDEX, a macro Swift cannot import. */
int kumo_registryindex(void);

/* Exposed for the C library replacements (kumo_*lib.c). */
void kumo_tick(lua_State *L, int64_t cost);
int kumo_kill(lua_State *L, int reason, int level);

#endif
