/*
 * adapt_state_json.h: the adaptation engine's working state as JSON, so that
 * the store can keep it between commands (docs/store.md).
 *
 * The state points into the catalog; reading it back needs the same catalog
 * (exercises are named by id), the rules (alerts are named by rule id) and
 * the episode's intake (what rules exercises out is not stored twice).
 */
#ifndef MOVERX_ADAPT_STATE_JSON_H
#define MOVERX_ADAPT_STATE_JSON_H

#include <jansson.h>

#include "core/adapt/adapt.h"

json_t *adapt_state_to_json(const struct adapt_rules *rules, const struct adapt_state *s);

/* MRX_EDATA naming the field when the document does not fit the data loaded. */
int adapt_state_from_json(const json_t *doc, const struct adapt_rules *rules,
                          const struct catalog *cat, const struct intake *in,
                          struct adapt_state *out, struct mrx_err *err);

/* Into *out, what adapt_state_from_json() gives for s's document once it has
 * been written as text with reals of `real_digits` significant digits and
 * read again, without writing or reading any text: the writer keeps it for
 * the episode's next entry. False when that reading would refuse the
 * document (then the text must be read). */
bool adapt_state_as_read(const struct adapt_state *s, const struct catalog *cat,
                         const struct intake *in, int real_digits, struct adapt_state *out);

#endif
