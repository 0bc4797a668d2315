/*
 * args.c: a small, strict option parser for the moverx command (see cli.h).
 *
 * Strict because a mistyped option in a clinical command must never be
 * silently ignored.
 */
#include "compat.h"

#include <stdio.h>

#include "cli/cli.h"

static int find_spec(const struct opt_spec *specs, const char *name, size_t len)
{
    for (int i = 0; specs[i].name; i++)
        if (strlen(specs[i].name) == len && memcmp(specs[i].name, name, len) == 0)
            return i;
    return -1;
}

static int take_option(int argc, char **argv, int *i, const struct opt_spec *specs,
                       struct args *out, struct mrx_err *err)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    int k = find_spec(specs, arg, len);

    char name[64];

    if (k < 0) {
        snprintf(name, sizeof(name), "%.*s", (int)len, arg);
        return mrx_err_set(err, MRX_EINVAL, name, "unknown option");
    }
    if (out->set[k] && specs[k].takes_value != OPT_REPEATED)
        return mrx_err_set(err, MRX_EINVAL, specs[k].name, "given more than once");
    if (!specs[k].takes_value) {
        if (eq)
            return mrx_err_set(err, MRX_EINVAL, specs[k].name, "takes no value");
        out->value[k] = "";
    } else if (eq) {
        out->value[k] = eq + 1;
    } else if (*i + 1 < argc) {
        out->value[k] = argv[++*i];
    } else {
        return mrx_err_set(err, MRX_EINVAL, specs[k].name, "needs a value");
    }
    out->set[k] = true;
    if (specs[k].takes_value == OPT_REPEATED) {
        if (out->n_rep == ARGS_MAX_REPEATS)
            return mrx_err_set(err, MRX_EINVAL, specs[k].name, "given too many times");
        out->rep_spec[out->n_rep] = k;
        out->rep_value[out->n_rep++] = out->value[k];
    }
    return MRX_OK;
}

int args_parse(int argc, char **argv, int first, const struct opt_spec *specs, int max_pos,
               struct args *out, struct mrx_err *err)
{
    bool options_done = false;

    memset(out, 0, sizeof(*out));
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        /* "-" is standard input and "-3" a (negative) number, not options. */
        if (!options_done && arg[0] == '-' && arg[1] != '\0' && !(arg[1] >= '0' && arg[1] <= '9')) {
            if ((rc = take_option(argc, argv, &i, specs, out, err)))
                return rc;
            continue;
        }
        if (out->n_pos >= max_pos || out->n_pos >= ARGS_MAX_POS)
            return mrx_err_set(err, MRX_EINVAL, arg, "unexpected argument");
        out->pos[out->n_pos++] = arg;
    }
    return MRX_OK;
}

const char *args_get(const struct args *a, const struct opt_spec *specs, const char *name)
{
    int k = find_spec(specs, name, strlen(name));
    return k >= 0 && a->set[k] ? a->value[k] : NULL;
}

bool args_has(const struct args *a, const struct opt_spec *specs, const char *name)
{
    return args_get(a, specs, name) != NULL;
}

int args_all(const struct args *a, const struct opt_spec *specs, const char *name, const char **out,
             int max)
{
    int k = find_spec(specs, name, strlen(name)), n = 0;

    for (int i = 0; i < a->n_rep && n < max; i++)
        if (a->rep_spec[i] == k)
            out[n++] = a->rep_value[i];
    return n;
}

int args_list_or_show(int argc, char **argv, const char *group, struct mrx_err *err)
{
    if (argc > 1 && strcmp(argv[1], "list") == 0)
        return 0;
    if (argc > 1 && strcmp(argv[1], "show") == 0)
        return 1;
    mrx_err_set(err, MRX_EINVAL, argc > 1 ? argv[1] : group, "expected 'list' or 'show ID'");
    return -1;
}
