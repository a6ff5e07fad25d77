/*
 * kumo_strlib.c: string.find, match, gmatch, gsub and rep with bounded work.
 *
 * The pattern functions run on the budgeted matcher; plain find uses memmem (linear, where
 * Lua 5.4's lmemfind is O(n*m)); rep refuses results beyond the memory cap up front and does
 * not loop over empty pieces.
 */
#define _GNU_SOURCE
#include "kumo_pattern.h"

#include <string.h>

/* Converts a relative initial position (negative counts from the end) to 1-based. */
static size_t start_position(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  if (pos == 0) return 1;
  if (pos < -(lua_Integer)len) return 1;
  return len + (size_t)pos + 1;
}

static void matcher_init(kmatch *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp) {
  m->L = L;
  m->src_init = s;
  m->src_end = s + ls;
  m->pat_end = p + lp;
  m->steps = 0;
  kmatch_reset(m, L);
}

static int find_or_match(lua_State *L, int is_find) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_position(luaL_optinteger(L, 3, 1), ls);
  if (init > ls + 1) {
    luaL_pushfail(L);
    return 1;
  }
  if (is_find && (lua_toboolean(L, 4) || !kmatch_has_specials(p, lp))) {
    kumo_tick(L, (lua_Integer)(ls - init + 1) / 64);
    const char *found = lp == 0 ? s + init - 1 : memmem(s + init - 1, ls - init + 1, p, lp);
    if (found == NULL) {
      luaL_pushfail(L);
      return 1;
    }
    lua_pushinteger(L, (found - s) + 1);
    lua_pushinteger(L, (lua_Integer)((found - s) + lp));
    return 2;
  }
  kmatch m;
  const char *s1 = s + init - 1;
  int anchor = (lp > 0 && *p == '^');
  if (anchor) {
    p++;
    lp--;
  }
  matcher_init(&m, L, s, ls, p, lp);
  do {
    kmatch_reset(&m, L);
    const char *e = kmatch_run(&m, s1, p);
    if (e != NULL) {
      if (is_find) {
        lua_pushinteger(L, (s1 - s) + 1);
        lua_pushinteger(L, e - s);
        return kmatch_push_captures(&m, NULL, NULL) + 2;
      }
      return kmatch_push_captures(&m, s1, e);
    }
  } while (s1++ < m.src_end && !anchor);
  luaL_pushfail(L);
  return 1;
}

static int str_find(lua_State *L) { return find_or_match(L, 1); }
static int str_match(lua_State *L) { return find_or_match(L, 0); }

typedef struct {
  const char *src, *last;
  kmatch m;
} gmatch_state;

static int gmatch_next(lua_State *L) {
  gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
  for (const char *src = g->src; src <= g->m.src_end; src++) {
    kmatch_reset(&g->m, L);
    const char *e = kmatch_run(&g->m, src, lua_tostring(L, lua_upvalueindex(2)));
    if (e != NULL && e != g->last) {
      g->src = g->last = e;
      return kmatch_push_captures(&g->m, src, e);
    }
  }
  return 0;
}

static int str_gmatch(lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_position(luaL_optinteger(L, 3, 1), ls);
  lua_settop(L, 2);
  gmatch_state *g = lua_newuserdatauv(L, sizeof *g, 0);  /* plain memory, no metatable */
  if (init > ls + 1) init = ls + 1;
  matcher_init(&g->m, L, s, ls, p, lp);
  g->src = s + init - 1;
  g->last = NULL;
  lua_pushcclosure(L, gmatch_next, 3);  /* keeps s and p alive while the iterator lives */
  return 1;
}

static void add_replacement_string(kmatch *m, luaL_Buffer *b, const char *s, const char *e) {
  lua_State *L = m->L;
  size_t l;
  const char *news = lua_tolstring(L, 3, &l);
  const char *end = news + l;
  for (const char *p = news; p < end; p++) {
    if (*p != '%') {
      luaL_addchar(b, *p);
      continue;
    }
    p++;
    if (p < end && *p == '%') {
      luaL_addchar(b, '%');
    } else if (p < end && *p == '0') {
      luaL_addlstring(b, s, (size_t)(e - s));
    } else if (p < end && *p >= '1' && *p <= '9') {
      kmatch_push_one(m, *p - '1', s, e);
      luaL_tolstring(L, -1, NULL);
      lua_remove(L, -2);
      luaL_addvalue(b);
    } else {
      luaL_error(L, "invalid use of '%%' in replacement string");
    }
  }
}

static void add_replacement(kmatch *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
  lua_State *L = m->L;
  if (kind == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    int n = kmatch_push_captures(m, s, e);
    lua_call(L, n, 1);
  } else if (kind == LUA_TTABLE) {
    kmatch_push_one(m, 0, s, e);
    lua_gettable(L, 3);
  } else {
    add_replacement_string(m, b, s, e);
    return;
  }
  if (!lua_toboolean(L, -1)) { /* nil or false: keep the original text */
    lua_pop(L, 1);
    luaL_addlstring(b, s, (size_t)(e - s));
  } else if (!lua_isstring(L, -1)) {
    luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  } else {
    luaL_addvalue(b);
  }
}

static int str_gsub(lua_State *L) {
  size_t ls, lp;
  const char *src = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  int kind = lua_type(L, 3);
  lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
  luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                      kind == LUA_TTABLE, 3, "string/function/table");
  int anchor = (lp > 0 && *p == '^');
  if (anchor) {
    p++;
    lp--;
  }
  kmatch m;
  matcher_init(&m, L, src, ls, p, lp);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  const char *last = NULL;
  lua_Integer n = 0;
  while (n < max_n) {
    kmatch_reset(&m, L);
    const char *e = kmatch_run(&m, src, p);
    if (e != NULL && e != last) {
      n++;
      add_replacement(&m, &b, src, e, kind);
      src = last = e;
    } else if (src < m.src_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  luaL_addlstring(&b, src, (size_t)(m.src_end - src));
  luaL_pushresult(&b);
  lua_pushinteger(L, n);
  return 2;
}

static int str_rep(lua_State *L) {
  size_t l, lsep;
  const char *s = luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  const char *sep = luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0 || l + lsep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  kumo_vm *vm = kumo_vm_of(L);
  size_t unit = l + lsep;
  if ((lua_Unsigned)n > vm->mem_limit / unit) return kumo_kill(L, KUMO_KILL_MEMORY, 1);
  size_t total = (size_t)n * l + (size_t)(n - 1) * lsep;
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, total);
  for (lua_Integer i = 0; i < n; i++) {
    memcpy(out, s, l);
    out += l;
    if (lsep > 0 && i + 1 < n) {
      memcpy(out, sep, lsep);
      out += lsep;
    }
  }
  luaL_pushresultsize(&b, total);
  return 1;
}

void kumo_patch_string(lua_State *L, int lib) {
  static const luaL_Reg fns[] = {{"find", str_find}, {"match", str_match},
                                 {"gmatch", str_gmatch}, {"gsub", str_gsub},
                                 {"rep", str_rep}, {NULL, NULL}};
  lib = lua_absindex(L, lib);
  for (const luaL_Reg *r = fns; r->name; r++) {
    lua_pushcfunction(L, r->func);
    lua_setfield(L, lib, r->name);
  }
}
