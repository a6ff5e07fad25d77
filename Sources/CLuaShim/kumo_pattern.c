/*
 * kumo_pattern.c: a Lua 5.4 pattern matcher (as the reference manual, §6.4.1, defines patterns)
 * that charges its steps to the call's budget.
 *
 * Backtracking patterns grow as n^k on long subjects inside a single C call, where the count
 * hook never fires: string.find(string.rep('a', 200), '.-.-.-b') runs for half a second through
 * any instruction budget with the stock library. Here every step is counted and the deadline
 * is checked, so such a call stops with "time budget exceeded".
 */
#include "kumo_pattern.h"

#include <ctype.h>
#include <string.h>

#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)
#define MAX_DEPTH 200
#define SPECIALS "^$*+?.([%-"

void kmatch_reset(kmatch *m, lua_State *L) {
  m->L = L;
  m->level = 0;
  m->depth = MAX_DEPTH;
}

static void step(kmatch *m, int64_t cost) {
  m->steps += cost;
  if (m->steps >= KUMO_TICK_EVERY) {
    int64_t spent = m->steps;
    m->steps = 0;
    kumo_tick(m->L, spent);
  }
}

int kmatch_has_specials(const char *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (p[i] != '\0' && strchr(SPECIALS, p[i]) != NULL) return 1;
  return 0;
}

/* Returns the pointer just past the single-character class starting at p. */
static const char *class_end(kmatch *m, const char *p) {
  char c = *p++;
  if (c == '%') {
    if (p >= m->pat_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (c == '[') {
    if (p < m->pat_end && *p == '^') p++;
    do { /* the first character after '[' or '[^' is literal, even ']' */
      if (p >= m->pat_end) luaL_error(m->L, "malformed pattern (missing ']')");
      c = *p++;
      if (c == '%') {
        if (p >= m->pat_end) luaL_error(m->L, "malformed pattern (missing ']')");
        p++;
      }
    } while (p >= m->pat_end || *p != ']');
    return p + 1;
  }
  return p;
}

static int class_matches(int c, int cl) {
  int res;
  switch (tolower(cl)) {
    case 'a': res = isalpha(c); break;
    case 'c': res = iscntrl(c); break;
    case 'd': res = isdigit(c); break;
    case 'g': res = isgraph(c); break;
    case 'l': res = islower(c); break;
    case 'p': res = ispunct(c); break;
    case 's': res = isspace(c); break;
    case 'u': res = isupper(c); break;
    case 'w': res = isalnum(c); break;
    case 'x': res = isxdigit(c); break;
    case 'z': res = (c == 0); break; /* deprecated, still accepted by Lua 5.4 */
    default: return cl == c; /* an escaped non-letter stands for itself */
  }
  if (isupper(cl)) res = !res;
  return res != 0;
}

/* p points at '[', close at the matching ']'. */
static int set_matches(int c, const char *p, const char *close) {
  int wanted = 1;
  p++;
  if (*p == '^') {
    wanted = 0;
    p++;
  }
  while (p < close) {
    if (*p == '%') {
      p++;
      if (class_matches(c, (unsigned char)*p)) return wanted;
      p++;
    } else if (p + 2 < close && p[1] == '-') {
      if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return wanted;
      p += 3;
    } else {
      if ((unsigned char)*p == c) return wanted;
      p++;
    }
  }
  return !wanted;
}

static int single_matches(kmatch *m, const char *s, const char *p, const char *ep) {
  if (s >= m->src_end) return 0;
  int c = (unsigned char)*s;
  switch (*p) {
    case '.': return 1;
    case '%': return class_matches(c, (unsigned char)p[1]);
    case '[': return set_matches(c, p, ep - 1);
    default: return (unsigned char)*p == c;
  }
}

static const char *match(kmatch *m, const char *s, const char *p);

static const char *greedy(kmatch *m, const char *s, const char *p, const char *ep) {
  ptrdiff_t n = 0;
  while (single_matches(m, s + n, p, ep)) {
    n++;
    step(m, 1);
  }
  for (; n >= 0; n--) { /* try the longest run first, then give back one at a time */
    const char *res = match(m, s + n, ep + 1);
    if (res) return res;
  }
  return NULL;
}

static const char *lazy(kmatch *m, const char *s, const char *p, const char *ep) {
  for (;;) {
    const char *res = match(m, s, ep + 1);
    if (res) return res;
    if (!single_matches(m, s, p, ep)) return NULL;
    s++;
    step(m, 1);
  }
}

static const char *open_capture(kmatch *m, const char *s, const char *p, ptrdiff_t what) {
  if (m->level >= KUMO_MAX_CAPTURES) luaL_error(m->L, "too many captures");
  m->capture[m->level].start = s;
  m->capture[m->level].len = what;
  m->level++;
  const char *res = match(m, s, p);
  if (res == NULL) m->level--;
  return res;
}

static const char *close_capture(kmatch *m, const char *s, const char *p) {
  int l = m->level - 1;
  while (l >= 0 && m->capture[l].len != CAP_UNFINISHED) l--;
  if (l < 0) luaL_error(m->L, "invalid pattern capture");
  m->capture[l].len = s - m->capture[l].start;
  const char *res = match(m, s, p);
  if (res == NULL) m->capture[l].len = CAP_UNFINISHED;
  return res;
}

static const char *balanced(kmatch *m, const char *s, const char *p) {
  if (p + 1 >= m->pat_end) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= m->src_end || *s != p[0]) return NULL;
  char open = p[0], close = p[1];
  int depth = 1;
  while (++s < m->src_end) {
    step(m, 1);
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      depth++;
    }
  }
  return NULL;
}

static const char *back_reference(kmatch *m, const char *s, int digit) {
  int l = digit - '1';
  if (l < 0 || l >= m->level || m->capture[l].len == CAP_UNFINISHED)
    luaL_error(m->L, "invalid capture index %%%d", l + 1);
  size_t len = (size_t)m->capture[l].len;
  step(m, (int64_t)len / 16);
  if ((size_t)(m->src_end - s) >= len && memcmp(m->capture[l].start, s, len) == 0) return s + len;
  return NULL;
}

static const char *frontier(kmatch *m, const char *s, const char **pp) {
  const char *p = *pp + 2;
  if (p >= m->pat_end || *p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
  const char *ep = class_end(m, p);
  int previous = (s == m->src_init) ? '\0' : (unsigned char)s[-1];
  int current = (s < m->src_end) ? (unsigned char)*s : '\0';
  if (!set_matches(previous, p, ep - 1) && set_matches(current, p, ep - 1)) {
    *pp = ep;
    return s;
  }
  return NULL;
}

static const char *match(kmatch *m, const char *s, const char *p) {
  if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
  step(m, 1);
  while (s != NULL && p != m->pat_end) {
    const char *ep;
    switch (*p) {
      case '(':
        if (p + 1 < m->pat_end && p[1] == ')') s = open_capture(m, s, p + 2, CAP_POSITION);
        else s = open_capture(m, s, p + 1, CAP_UNFINISHED);
        goto done;
      case ')':
        s = close_capture(m, s, p + 1);
        goto done;
      case '$':
        if (p + 1 == m->pat_end) {
          s = (s == m->src_end) ? s : NULL;
          goto done;
        }
        goto single;
      case '%':
        if (p + 1 >= m->pat_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        if (p[1] == 'b') {
          s = balanced(m, s, p + 2);
          p += 4;
          continue;
        }
        if (p[1] == 'f') {
          s = frontier(m, s, &p);
          continue;
        }
        if (isdigit((unsigned char)p[1])) {
          s = back_reference(m, s, p[1]);
          p += 2;
          continue;
        }
        goto single;
      default:
      single:
        ep = class_end(m, p);
        if (!single_matches(m, s, p, ep)) {
          if (ep < m->pat_end && (*ep == '*' || *ep == '?' || *ep == '-')) {
            p = ep + 1; /* zero repetitions */
            continue;
          }
          s = NULL;
          goto done;
        }
        switch (ep < m->pat_end ? *ep : '\0') {
          case '?': {
            const char *res = match(m, s + 1, ep + 1);
            if (res) {
              s = res;
              goto done;
            }
            p = ep + 1;
            continue;
          }
          case '+': s = greedy(m, s + 1, p, ep); goto done;
          case '*': s = greedy(m, s, p, ep); goto done;
          case '-': s = lazy(m, s, p, ep); goto done;
          default: s++; p = ep; continue;
        }
    }
  }
done:
  m->depth++;
  return s;
}

const char *kmatch_run(kmatch *m, const char *s, const char *p) { return match(m, s, p); }

static void push_capture(kmatch *m, int i, const char *s, const char *e) {
  if (i >= m->level) {
    if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
    lua_pushlstring(m->L, s, (size_t)(e - s)); /* no captures: the whole match */
    return;
  }
  ptrdiff_t len = m->capture[i].len;
  if (len == CAP_UNFINISHED) luaL_error(m->L, "unfinished capture");
  if (len == CAP_POSITION)
    lua_pushinteger(m->L, (m->capture[i].start - m->src_init) + 1);
  else
    lua_pushlstring(m->L, m->capture[i].start, (size_t)len);
}

void kmatch_push_one(kmatch *m, int i, const char *s, const char *e) { push_capture(m, i, s, e); }

int kmatch_push_captures(kmatch *m, const char *s, const char *e) {
  int n = (m->level == 0 && s) ? 1 : m->level;
  luaL_checkstack(m->L, n, "too many captures");
  for (int i = 0; i < n; i++) push_capture(m, i, s, e);
  return n;
}
