/*
 * instrument_json.c: a questionnaire's description as JSON (see
 * instrument_json.h).
 */
#include "compat.h"

#include "core/instruments/instruments.h"
#include "formats/instrument_json.h"

json_t *instrument_info_json(const struct instrument_info *in, const char *const *texts)
{
    json_t *items = json_array();
    json_t *o = json_pack("{ssssssssssss}", "id", in->id, "name", in->name, "version", in->version,
                          "scale", in->scale, "scoring", in->scoring, "licence", in->licence);

    json_object_set_new(o, "scoring_version", json_string(MRX_SCORING_VERSION));
    for (int i = 0; i < in->n_items; i++) {
        json_t *it = json_pack("{ssss}", "id", in->items[i].id, "topic", in->items[i].topic);
        if (texts && texts[i])
            json_object_set_new(it, "text", json_string(texts[i]));
        json_array_append_new(items, it);
    }
    json_object_set_new(o, "items", items);
    return o;
}
