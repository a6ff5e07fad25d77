/*
 * kumo_internal.h: declarations shared by the shim's C files, not exported to Swift.
 */
#ifndef KUMO_INTERNAL_H
#define KUMO_INTERNAL_H

#include "kumo_shim.h"

/* The budget hook; installed on the main thread at creation and inherited by coroutines. */
void kumo_hook(lua_State *L, lua_Debug *ar);

/* Whether a kill interrupted this coroutine inside the hook (its hooks stay disabled). */
int kumo_is_hookless(lua_State *L);

/* Replace the unbounded C loops of each library table (at stack index `lib`). */
void kumo_patch_string(lua_State *L, int lib);
void kumo_patch_table(lua_State *L, int lib);
void kumo_patch_coroutine(lua_State *L, int lib);

/* Work units a C library loop may do between two budget checks. */
#define KUMO_TICK_EVERY 1024

/* Bytes a script may print in one call; the rest is counted as dropped. */
#define KUMO_PRINT_BUDGET ((size_t)64 * 1024)

#endif
