/*
 * kumo_pattern.h: the budgeted Lua pattern matcher used by the string library replacements.
 */
#ifndef KUMO_PATTERN_H
#define KUMO_PATTERN_H

#include "kumo_internal.h"

/* As many captures as the stock library allows. */
#define KUMO_MAX_CAPTURES 32

typedef struct kmatch {
  const char *src_init, *src_end, *pat_end;
  lua_State *L;
  int level, depth;
  int64_t steps;
  struct {
    const char *start;
    ptrdiff_t len;
  } capture[KUMO_MAX_CAPTURES];
} kmatch;

/* Prepares for a new attempt (captures and recursion depth), keeping the step count. */
void kmatch_reset(kmatch *m, lua_State *L);
/* Returns the end of the match of pattern p at subject position s, or NULL. */
const char *kmatch_run(kmatch *m, const char *s, const char *p);
/* Pushes capture i (or the whole match s..e when there are none and i is 0). */
void kmatch_push_one(kmatch *m, int i, const char *s, const char *e);
/* Pushes all captures (or the whole match); returns how many. */
int kmatch_push_captures(kmatch *m, const char *s, const char *e);
/* Whether a pattern needs the matcher (has magic characters before any embedded zero). */
int kmatch_has_specials(const char *p, size_t len);

#endif
