/*
 * library.c: the program's reference material for the web app: the exercise
 * library (steps, doses and safe ranges, for the session screen and the plan
 * editor) and the questionnaires' items (for the intake). The same for every
 * signed-in user; no patient data, so nothing to audit.
 */
#include "compat.h"

#include "api/api_internal.h"
#include "core/instruments/instrument_info.h"
#include "formats/exercise_json.h"
#include "formats/instrument_json.h"

void h_exercises(struct call *c)
{
    const struct catalog *cat = &c->api->data->catalog;
    json_t *list = json_array();

    for (int i = 0; i < cat->n; i++)
        json_array_append_new(list, exercise_to_json(&cat->items[i]));
    reply_json(c, 200, json_pack("{so}", "exercises", list));
}

void h_exercise(struct call *c)
{
    const struct exercise *ex = catalog_find(&c->api->data->catalog, c->params[0]);

    if (!ex) {
        reply_not_found(c);
        return;
    }
    reply_json(c, 200, exercise_to_json(ex));
}

void h_instrument(struct call *c)
{
    const struct instrument_info *in = instrument_info_find(c->params[0]);

    if (!in) {
        reply_not_found(c);
        return;
    }
    reply_json(c, 200, instrument_info_json(in, NULL));
}
