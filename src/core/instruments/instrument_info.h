/*
 * instrument_info.h: what each questionnaire asks, as item ids and short
 * paraphrased topics.
 *
 * The ODI, RMDQ and STarT Back wordings are copyrighted, so MoveRx ships
 * only ids and topics in its own words (CLINICAL.md sections 2-5). A
 * deployment that holds a licence loads the licensed wording from a file
 * whose items are matched to these ids (instrument_wording_parse()).
 */
#ifndef MOVERX_INSTRUMENT_INFO_H
#define MOVERX_INSTRUMENT_INFO_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"

struct instrument_item {
    const char *id;    /* "odi.1" */
    const char *topic; /* paraphrased, a few words */
};

struct instrument_info {
    const char *id;      /* "odi" */
    const char *name;    /* "Oswestry Disability Index" */
    const char *version; /* "2.1a" */
    const char *scale;   /* how each item is answered */
    const char *scoring; /* the scoring rule in one sentence */
    const char *licence; /* who owns the wording and what that means */
    const struct instrument_item *items;
    int n_items;
};

const struct instrument_info *instrument_info_all(int *n);
const struct instrument_info *instrument_info_find(const char *id);

/*
 * Checks a licensed wording document for `info`:
 * {"instrument": id, "source": "...", "items": [{"id": "odi.1", "text": "..."}]}.
 * On success texts[i] points into `doc` for each item given (NULL otherwise).
 * Unknown keys, unknown or repeated item ids and a wrong instrument are
 * MRX_EDATA.
 */
int instrument_wording_parse(const json_t *doc, const struct instrument_info *info,
                             const char **texts, struct mrx_err *err);

#endif
