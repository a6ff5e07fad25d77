/*
 * kumo_tablib.c: table.concat, move, insert, remove and sort with budget ticks.
 *
 * Each of these loops in C over a range the script chooses (table.move({}, 1, 1 << 62, 2)
 * never ends and allocates nothing), so each charges its iterations to the call's budget.
 * sort is a heapsort: O(n log n) whatever the input or the comparator does.
 */
#include "kumo_internal.h"

#include <limits.h>

#define TICK(L, i) \
  do { \
    if (((i) & (KUMO_TICK_EVERY - 1)) == 0) kumo_tick((L), KUMO_TICK_EVERY); \
  } while (0)

static lua_Integer length_of(lua_State *L, int idx) {
  luaL_checktype(L, idx, LUA_TTABLE);
  return luaL_len(L, idx);
}

static int tab_concat(lua_State *L) {
  lua_Integer last = length_of(L, 1);
  size_t lsep;
  const char *sep = luaL_optlstring(L, 2, "", &lsep);
  lua_Integer i = luaL_optinteger(L, 3, 1);
  last = luaL_optinteger(L, 4, last);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (lua_Integer n = 1; i <= last; i++, n++) {
    TICK(L, n);
    lua_geti(L, 1, i);
    if (!lua_isstring(L, -1))
      return luaL_error(L, "invalid value (at index %I) in table for 'concat'", (LUAI_UACINT)i);
    luaL_addvalue(&b);
    if (i < last) luaL_addlstring(&b, sep, lsep);
    if (i == LUA_MAXINTEGER) break;
  }
  luaL_pushresult(&b);
  return 1;
}

static int tab_move(lua_State *L) {
  lua_Integer f = luaL_checkinteger(L, 2);
  lua_Integer e = luaL_checkinteger(L, 3);
  lua_Integer t = luaL_checkinteger(L, 4);
  int dest = lua_isnoneornil(L, 5) ? 1 : 5;
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, dest, LUA_TTABLE);
  if (e >= f) {
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    lua_Integer n = e - f + 1;
    luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
    int forward = t > e || t <= f || (dest != 1 && !lua_rawequal(L, 1, dest));
    for (lua_Integer i = 0; i < n; i++) {
      TICK(L, i + 1);
      lua_Integer k = forward ? i : n - 1 - i;
      lua_geti(L, 1, f + k);
      lua_seti(L, dest, t + k);
    }
  }
  lua_pushvalue(L, dest);
  return 1;
}

static int tab_insert(lua_State *L) {
  lua_Integer end = length_of(L, 1) + 1;
  lua_Integer pos;
  switch (lua_gettop(L)) {
    case 2: pos = end; break;
    case 3:
      pos = luaL_checkinteger(L, 2);
      luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)end, 2, "position out of bounds");
      for (lua_Integer i = end; i > pos; i--) {
        TICK(L, end - i + 1);
        lua_geti(L, 1, i - 1);
        lua_seti(L, 1, i);
      }
      break;
    default: return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, pos);
  return 0;
}

static int tab_remove(lua_State *L) {
  lua_Integer size = length_of(L, 1);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size)
    luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
  lua_geti(L, 1, pos);
  for (lua_Integer n = 1; pos < size; pos++, n++) {
    TICK(L, n);
    lua_geti(L, 1, pos + 1);
    lua_seti(L, 1, pos);
  }
  lua_pushnil(L);
  lua_seti(L, 1, pos);
  return 1;
}

/* Whether t[i] sorts before t[j], by the comparator at index 2 or by '<'. */
static int sorts_before(lua_State *L, lua_Integer i, lua_Integer j, int64_t *work) {
  if (++*work >= KUMO_TICK_EVERY) {
    kumo_tick(L, *work);
    *work = 0;
  }
  int result;
  if (lua_isnil(L, 2)) {
    lua_geti(L, 1, i);
    lua_geti(L, 1, j);
    result = lua_compare(L, -2, -1, LUA_OPLT);
    lua_pop(L, 2);
  } else {
    lua_pushvalue(L, 2);
    lua_geti(L, 1, i);
    lua_geti(L, 1, j);
    lua_call(L, 2, 1);
    result = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  return result;
}

static void swap_items(lua_State *L, lua_Integer i, lua_Integer j) {
  lua_geti(L, 1, i);
  lua_geti(L, 1, j);
  lua_seti(L, 1, i);
  lua_seti(L, 1, j);
}

static void sift_down(lua_State *L, lua_Integer root, lua_Integer end, int64_t *work) {
  while (2 * root <= end) {
    lua_Integer child = 2 * root;
    if (child + 1 <= end && sorts_before(L, child, child + 1, work)) child++;
    if (!sorts_before(L, root, child, work)) return;
    swap_items(L, root, child);
    root = child;
  }
}

static int tab_sort(lua_State *L) {
  lua_Integer n = length_of(L, 1);
  luaL_argcheck(L, n < INT_MAX, 1, "array too big");
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  int64_t work = 0;
  for (lua_Integer start = n / 2; start >= 1; start--) sift_down(L, start, n, &work);
  for (lua_Integer end = n; end > 1; end--) {
    swap_items(L, 1, end);
    sift_down(L, 1, end - 1, &work);
  }
  return 0;
}

void kumo_patch_table(lua_State *L, int lib) {
  static const luaL_Reg fns[] = {{"concat", tab_concat}, {"move", tab_move},
                                 {"insert", tab_insert}, {"remove", tab_remove},
                                 {"sort", tab_sort}, {NULL, NULL}};
  lib = lua_absindex(L, lib);
  for (const luaL_Reg *r = fns; r->name; r++) {
    lua_pushcfunction(L, r->func);
    lua_setfield(L, lib, r->name);
  }
}
