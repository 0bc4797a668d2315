/*
 * input.c: reading the JSON documents commands take (see cli.h).
 */
#include "compat.h"

#include "cli/cli.h"
#include "common/jsonx.h"
#include "data/fileio.h"

int cli_read_json(const char *path, json_t **doc, struct mrx_err *err)
{
    bool from_stdin = !path || strcmp(path, "-") == 0;
    const char *name = from_stdin ? "stdin" : path;
    char *text;
    size_t len;
    int rc;

    if (from_stdin)
        rc = stream_read_all(stdin, name, &text, &len, err);
    else
        rc = file_read_all(path, MRX_EINVAL, &text, &len, err);
    if (rc)
        return rc;
    rc = jsonx_parse(text, len, name, MRX_EINVAL, doc, err);
    free(text);
    return rc;
}
