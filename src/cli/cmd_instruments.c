/*
 * cmd_instruments.c: `moverx instruments list [--json]` and
 * `moverx instruments show ID [--wording FILE] [--json]`: what each
 * questionnaire asks and how it is scored. With --wording, a deployment's
 * licensed item texts are shown beside the ids.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "common/jsonx.h"
#include "core/instruments/instrument_info.h"
#include "core/instruments/instruments.h"
#include "data/fileio.h"
#include "formats/instrument_json.h"

#define MAX_ITEMS 24

static const struct opt_spec list_opts[] = {{"--json", false}, {NULL, false}};
static const struct opt_spec show_opts[] = {{"--json", false}, {"--wording", true}, {NULL, false}};

static int load_wording(const char *path, const struct instrument_info *in, json_t **doc,
                        const char **texts, struct mrx_err *err)
{
    char *text;
    size_t len;
    int rc;

    if ((rc = file_read_all(path, MRX_EINVAL, &text, &len, err)))
        return rc;
    rc = jsonx_parse(text, len, path, MRX_EDATA, doc, err);
    free(text);
    if (rc)
        return rc;
    if ((rc = instrument_wording_parse(*doc, in, texts, err)))
        mrx_err_prefix(err, "%s", path);
    return rc;
}

static int show(const struct args *a, struct mrx_err *err)
{
    const char *texts[MAX_ITEMS] = {NULL};
    const char *wording = args_get(a, show_opts, "--wording");
    const struct instrument_info *in;
    json_t *doc = NULL;
    int rc;

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "instruments show",
                           "usage: moverx instruments show ID");
    if (!(in = instrument_info_find(a->pos[0])))
        return mrx_err_set(err, MRX_ENOTFOUND, "instrument",
                           "no instrument '%s' (odi, rmdq, startback or psfs)", a->pos[0]);
    if (wording && (rc = load_wording(wording, in, &doc, texts, err))) {
        json_decref(doc);
        return rc;
    }
    if (args_has(a, show_opts, "--json")) {
        out_json_new(instrument_info_json(in, texts));
    } else {
        printf("%s (%s)\nAnswers: %s\nScoring: %s\nWording: %s\n\n", in->name, in->version,
               in->scale, in->scoring, in->licence);
        for (int i = 0; i < in->n_items; i++)
            printf("  %-12s %s\n", in->items[i].id, texts[i] ? texts[i] : in->items[i].topic);
    }
    json_decref(doc);
    return MRX_OK;
}

static int list(const struct args *a)
{
    int n;
    const struct instrument_info *all = instrument_info_all(&n);

    if (args_has(a, list_opts, "--json")) {
        json_t *arr = json_array(), *o;
        for (int i = 0; i < n; i++) {
            json_t *item = instrument_info_json(&all[i], NULL);
            json_object_del(item, "items");
            json_object_set_new(item, "item_count", json_integer(all[i].n_items));
            json_array_append_new(arr, item);
        }
        o = json_pack("{so}", "instruments", arr);
        out_json(o);
        json_decref(o);
        return MRX_OK;
    }
    for (int i = 0; i < n; i++)
        printf("%-10s %-40s %d items\n", all[i].id, all[i].name, all[i].n_items);
    return MRX_OK;
}

int cmd_instruments(int argc, char **argv, const struct cli_ctx *ctx)
{
    struct mrx_err err;
    struct args a;
    bool is_list;
    int rc, sub;

    (void)ctx;
    mrx_err_clear(&err);
    if ((sub = args_list_or_show(argc, argv, "instruments", &err)) < 0)
        return out_finish(MRX_EINVAL, &err);
    is_list = sub == 0;
    if ((rc =
             args_parse(argc, argv, 2, is_list ? list_opts : show_opts, is_list ? 0 : 1, &a, &err)))
        return out_finish(rc, &err);
    return out_finish(is_list ? list(&a) : show(&a, &err), &err);
}
