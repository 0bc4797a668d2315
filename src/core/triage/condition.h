/*
 * condition.h: the small condition language of triage rules (docs/rules.md).
 *
 *   {"field": F, "is": true|false}     a boolean answer
 *   {"field": F, "eq": "value"}        an enum answer
 *   {"field": F, "gt"|"ge"|"lt"|"le": N}  a numeric answer; absent is false
 *   {"all": [C, ...]}  {"any": [C, ...]}  {"not": C}
 *   {"fired": {"group": G, "at_least": N}}  N or more other rules of group G fired
 *                                          (never "psychosocial": yellow flags do not combine)
 *
 * A condition is parsed once, checked against the answer field table, and
 * then evaluated many times.
 */
#ifndef MOVERX_CONDITION_H
#define MOVERX_CONDITION_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"
#include "core/triage/triage.h"

/*
 * Parses a condition. On error returns MRX_EDATA with the path inside the
 * condition in err->field ("when.all[1].any[0]"). *uses_fired is set when the
 * condition (anywhere inside) counts fired rules. Free with condition_free().
 */
int condition_parse(const json_t *j, const char *path, struct condition **out, bool *uses_fired,
                    struct mrx_err *err);
void condition_free(struct condition *c);

/* fired_by_group[g] is how many rules of group g have fired so far. */
bool condition_eval(const struct condition *c, const struct triage_answers *a,
                    const int fired_by_group[GROUP_COUNT]);

/* The answer fields the condition reads, as bits of answer_fields() indexes. */
unsigned long long condition_fields(const struct condition *c);

/* The groups whose fired rules the condition counts, as bits (1 << group). */
unsigned condition_counted_groups(const struct condition *c);

#endif
