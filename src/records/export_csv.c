/*
 * export_csv.c: the export as CSV (RFC 4180), for spreadsheets and
 * statistics packages: one row per value, in long form:
 *   patient,episode,record,index,date,field,value
 * `record` is the kind of entry (patient, episode, intake, assessment,
 * plan_version, decision, session, checkin, alert, message), `index` its
 * place in its list, `field` one of its fields; a value that is a list or an
 * object is written as compact JSON. Lines end in CRLF; fields holding a
 * comma, a quote or a line break are quoted, quotes doubled.
 */
#include "compat.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "records/internal.h"

static void put(struct strbuf *c, const char *s, size_t n)
{
    strbuf_add(c, s, n);
}

static void field(struct strbuf *c, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        put(c, "\"", 1);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                put(c, "\"\"", 2);
            else
                put(c, p, 1);
        }
        put(c, "\"", 1);
    } else {
        put(c, s, strlen(s));
    }
    put(c, last ? "\r\n" : ",", last ? 2 : 1);
}

static char *value_text(const json_t *v)
{
    char num[64];

    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    if (json_is_null(v))
        return xstrdup("");
    if (json_is_integer(v)) {
        snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return xstrdup(num);
    }
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
}

static void rows(struct strbuf *c, const char *patient, const char *episode, const char *record,
                 size_t index, const json_t *obj, const char *const *skip)
{
    const char *date = json_string_value(json_object_get(obj, "date"));
    const char *key;
    char idx[24];
    json_t *v;

    snprintf(idx, sizeof(idx), "%zu", index);
    json_object_foreach((json_t *)obj, key, v)
    {
        char *text;
        bool skipped = strcmp(key, "date") == 0;
        for (int i = 0; skip && skip[i]; i++)
            skipped |= strcmp(key, skip[i]) == 0;
        if (skipped)
            continue;
        text = value_text(v);
        field(c, patient, false);
        field(c, episode, false);
        field(c, record, false);
        field(c, idx, false);
        field(c, date ? date : "", false);
        field(c, key, false);
        field(c, text, true);
        free(text);
    }
}

static void list_rows(struct strbuf *c, const char *patient, const char *episode, const json_t *ep,
                      const char *key, const char *record)
{
    json_t *e;
    size_t k;

    json_array_foreach(json_object_get(ep, key), k, e)
        rows(c, patient, episode, record, k, e, NULL);
}

int records_export_csv(const struct records *r, const char *patient_id, char **out,
                       struct mrx_err *err)
{
    static const char *const episode_lists[] = {"intake",    "assessments", "plan_versions",
                                                "decisions", "sessions",    "checkins",
                                                "alerts",    NULL};
    struct strbuf c = {0};
    json_t *doc, *ep, *patient;
    const char *pid;
    size_t k;
    int rc;

    if ((rc = records_export(r, patient_id, &doc, err)))
        return rc;
    patient = json_object_get(doc, "patient");
    pid = json_string_value(json_object_get(patient, "id"));
    put(&c, "", 0);
    field(&c, "patient", false);
    field(&c, "episode", false);
    field(&c, "record", false);
    field(&c, "index", false);
    field(&c, "date", false);
    field(&c, "field", false);
    field(&c, "value", true);
    rows(&c, pid, "", "patient", 0, patient, NULL);
    json_array_foreach(json_object_get(doc, "episodes"), k, ep)
    {
        const char *eid = json_string_value(json_object_get(ep, "id"));
        rows(&c, pid, eid, "episode", k, ep, episode_lists);
        rows(&c, pid, eid, "intake", 0, json_object_get(ep, "intake"), NULL);
        list_rows(&c, pid, eid, ep, "assessments", "assessment");
        list_rows(&c, pid, eid, ep, "plan_versions", "plan_version");
        list_rows(&c, pid, eid, ep, "decisions", "decision");
        list_rows(&c, pid, eid, ep, "sessions", "session");
        list_rows(&c, pid, eid, ep, "checkins", "checkin");
        list_rows(&c, pid, eid, ep, "alerts", "alert");
    }
    list_rows(&c, pid, "", doc, "alerts", "alert"); /* reported before any intake */
    list_rows(&c, pid, "", doc, "messages", "message");
    json_decref(doc);
    *out = c.buf;
    return MRX_OK;
}
