/*
 * instrument_info.c: item ids and paraphrased topics of the questionnaires
 * (see instrument_info.h). Topics follow CLINICAL.md; none of this is the
 * licensed wording.
 */
#include "compat.h"

#include <stdio.h>

#include "common/jsonx.h"
#include "core/instruments/instrument_info.h"

static const struct instrument_item odi_items[] = {
    {"odi.1", "pain intensity"}, {"odi.2", "personal care (washing, dressing)"},
    {"odi.3", "lifting"},        {"odi.4", "walking"},
    {"odi.5", "sitting"},        {"odi.6", "standing"},
    {"odi.7", "sleeping"},       {"odi.8", "sex life (if applicable)"},
    {"odi.9", "social life"},    {"odi.10", "travelling"},
};

static const struct instrument_item rmdq_items[] = {
    {"rmdq.1", "stay at home"},
    {"rmdq.2", "change position often"},
    {"rmdq.3", "walk more slowly"},
    {"rmdq.4", "not doing household jobs"},
    {"rmdq.5", "use handrail on stairs"},
    {"rmdq.6", "lie down to rest more often"},
    {"rmdq.7", "hold on to get out of an easy chair"},
    {"rmdq.8", "get others to do things"},
    {"rmdq.9", "dress more slowly"},
    {"rmdq.10", "stand only for short periods"},
    {"rmdq.11", "avoid bending or kneeling"},
    {"rmdq.12", "hard to get up from a chair"},
    {"rmdq.13", "back painful almost all the time"},
    {"rmdq.14", "hard to turn over in bed"},
    {"rmdq.15", "appetite poor"},
    {"rmdq.16", "trouble putting on socks"},
    {"rmdq.17", "walk only short distances"},
    {"rmdq.18", "sleep less well"},
    {"rmdq.19", "need help to dress"},
    {"rmdq.20", "sit most of the day"},
    {"rmdq.21", "avoid heavy jobs"},
    {"rmdq.22", "more irritable"},
    {"rmdq.23", "climb stairs more slowly"},
    {"rmdq.24", "stay in bed most of the time"},
};

static const struct instrument_item startback_items[] = {
    {"startback.1", "back pain spread down the leg(s)"},
    {"startback.2", "shoulder or neck pain"},
    {"startback.3", "walked only short distances"},
    {"startback.4", "dressed more slowly"},
    {"startback.5", "not safe to be physically active"},
    {"startback.6", "worrying thoughts a lot of the time"},
    {"startback.7", "pain terrible, never going to get better"},
    {"startback.8", "not enjoyed things I used to"},
    {"startback.9", "how bothersome overall"},
};

static const struct instrument_item psfs_items[] = {
    {"psfs.1", "first important activity you find hard"},
    {"psfs.2", "second activity"},
    {"psfs.3", "third activity"},
    {"psfs.4", "fourth activity (optional)"},
    {"psfs.5", "fifth activity (optional)"},
};

#define ITEMS(a) a, (int)MRX_ARRAY_LEN(a)

static const struct instrument_info infos[] = {
    {"odi", "Oswestry Disability Index", "2.1a",
     "each section 0..5 (first statement 0, last 5); a section may be left out",
     "sum of answered sections / (5 x answered) x 100; at least 8 sections; two boxes: the "
     "higher counts",
     "ODI (c) Jeremy Fairbank 1980, distributed by Mapi Research Trust; load licensed wording",
     ITEMS(odi_items)},
    {"rmdq", "Roland-Morris Disability Questionnaire", "24-item",
     "tick each statement that applies today", "number of ticked statements, 0..24",
     "Roland & Morris 1983; confirm the terms for the wording before shipping it",
     ITEMS(rmdq_items)},
    {"startback", "Keele STarT Back Screening Tool", "9-item",
     "items 1-8 agree (1) or disagree (0); item 9 on five steps, not at all .. extremely",
     "total of items 1-9 with item 9 very much/extremely = 1; subscale items 5-9; total <= 3 "
     "low, subscale >= 4 high, else medium",
     "(c) Keele University 2007, part funded by Arthritis Research UK; no licence needed for "
     "non-commercial use; keep this statement",
     ITEMS(startback_items)},
    {"psfs", "Patient-Specific Functional Scale", "Stratford 1995",
     "each activity 0 (unable) .. 10 (as before the problem)", "mean of the activity ratings",
     "Stratford et al. 1995; widely used with citation", ITEMS(psfs_items)},
};

const struct instrument_info *instrument_info_all(int *n)
{
    *n = (int)MRX_ARRAY_LEN(infos);
    return infos;
}

const struct instrument_info *instrument_info_find(const char *id)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(infos); i++)
        if (strcmp(infos[i].id, id) == 0)
            return &infos[i];
    return NULL;
}

static int item_index(const struct instrument_info *info, const char *id)
{
    for (int i = 0; i < info->n_items; i++)
        if (strcmp(info->items[i].id, id) == 0)
            return i;
    return -1;
}

static int parse_item(const json_t *it, size_t i, const struct instrument_info *info,
                      const char **texts, struct mrx_err *err)
{
    static const char *const keys[] = {"id", "text", NULL};
    const json_t *id = json_object_get(it, "id"), *text = json_object_get(it, "text");
    char path[32];
    int k, rc;

    snprintf(path, sizeof(path), "items[%zu]", i);
    if (!json_is_object(it))
        return mrx_err_set(err, MRX_EDATA, path, "must be an object");
    if ((rc = jsonx_check_keys(it, keys, path, err)))
        return rc;
    k = json_is_string(id) ? item_index(info, json_string_value(id)) : -1;
    if (k < 0)
        return mrx_err_set(err, MRX_EDATA, path, "unknown item id for %s", info->id);
    if (texts[k])
        return mrx_err_set(err, MRX_EDATA, path, "item '%s' given twice", info->items[k].id);
    if (!json_is_string(text) || json_string_length(text) == 0)
        return mrx_err_set(err, MRX_EDATA, path, "text must be a non-empty string");
    texts[k] = json_string_value(text);
    return MRX_OK;
}

int instrument_wording_parse(const json_t *doc, const struct instrument_info *info,
                             const char **texts, struct mrx_err *err)
{
    static const char *const keys[] = {"instrument", "source", "items", NULL};
    const json_t *inst = json_object_get(doc, "instrument");
    const json_t *items = json_object_get(doc, "items");
    int rc;

    for (int i = 0; i < info->n_items; i++)
        texts[i] = NULL;
    if (!json_is_object(doc))
        return mrx_err_set(err, MRX_EDATA, "", "must be a JSON object");
    if ((rc = jsonx_check_keys(doc, keys, "", err)))
        return rc;
    if (!json_is_string(inst) || strcmp(json_string_value(inst), info->id) != 0)
        return mrx_err_set(err, MRX_EDATA, "instrument", "must be '%s'", info->id);
    if (!json_is_array(items))
        return mrx_err_set(err, MRX_EDATA, "items", "must be a list");
    for (size_t i = 0; i < json_array_size(items); i++)
        if ((rc = parse_item(json_array_get(items, i), i, info, texts, err)))
            return rc;
    return MRX_OK;
}
