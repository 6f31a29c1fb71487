/* disagree.c — where packs evaluated together disagree (contract §5).
**
** Packs tag the rules that answer the same question with a shared topic id
** and give their answer as a position.  For one patient, a topic is a
** disagreement when rules of two or more packs fired on it and their
** positions differ: a different range, a different strength of evidence, or
** opposite advice.  Nothing is resolved; every statement is listed. */
#include <stdlib.h>
#include <string.h>

#include "eval.h"

/* The topics, sorted by id, that the fired rules `fired` disagree on; for
** each, its statements (rules, in declaration order) appended to `rules`
** and its end offset to `off` (off starts with 0). */
void mr_find_disagreements(const medrule_pack *p, const ivec *fired, ivec *off, ivec *rules) {
  iv_push(off, rules->n);
  if (!p->nparts) return;
  const char *last = NULL; /* topics are taken in id order: the smallest after `last` each round */
  for (;;) {
    const char *topic = NULL;
    for (int i = 0; i < fired->n; i++) {
      const char *t = p->rules[fired->v[i]].topic;
      if (t && (!last || strcmp(t, last) > 0) && (!topic || strcmp(t, topic) < 0)) topic = t;
    }
    if (!topic) return;
    last = topic;
    int first = -1, packs_differ = 0, positions_differ = 0;
    for (int i = 0; i < fired->n; i++) {
      const mr_rule *r = &p->rules[fired->v[i]];
      if (!r->topic || strcmp(r->topic, topic)) continue;
      if (first < 0) {
        first = fired->v[i];
        continue;
      }
      const mr_rule *f = &p->rules[first];
      if (r->part != f->part) packs_differ = 1;
      if (strcmp(r->position, f->position)) positions_differ = 1;
    }
    if (!packs_differ || !positions_differ) continue;
    for (int i = 0; i < fired->n; i++) {
      const mr_rule *r = &p->rules[fired->v[i]];
      if (r->topic && !strcmp(r->topic, topic)) iv_push(rules, fired->v[i]);
    }
    iv_push(off, rules->n);
  }
}
