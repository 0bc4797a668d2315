/*
 * instrument_json.h: a questionnaire's description as JSON (its id, scale,
 * scoring, licence and items), for the command line and the API.
 */
#ifndef MOVERX_INSTRUMENT_JSON_H
#define MOVERX_INSTRUMENT_JSON_H

#include <jansson.h>

#include "core/instruments/instrument_info.h"

/* The instrument with its items' ids and paraphrased topics; texts, when not
 * NULL, holds a deployment's licensed wording per item (NULL where none). */
json_t *instrument_info_json(const struct instrument_info *in, const char *const *texts);

#endif
