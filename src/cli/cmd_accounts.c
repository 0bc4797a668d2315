/*
 * cmd_accounts.c: `moverx user add` and `moverx care add` (CONTRACT.md
 * "Server"): accounts for the server and the care team, set up from the
 * command line. The password comes on standard input, never as an argument
 * (arguments show in the process list and the shell's history).
 */
#include "compat.h"

#include "auth/password.h"
#include "cli/cli.h"
#include "cli/records_cli.h"

static const struct opt_spec user_opts[] = {{"--db", true},
                                            {"--json", false},
                                            {"--org", true},
                                            {"--role", true},
                                            {"--email", true},
                                            {"--patient", true},
                                            {"--password-stdin", false},
                                            {NULL, false}};

struct user_arg {
    const char *hash; /* argon2id of the password read from stdin, or NULL */
};

static int user_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                   struct mrx_err *err)
{
    const struct user_arg *u = arg;
    const char *role_name = args_get(a, user_opts, "--role");
    enum user_role role;

    if (!args_get(a, user_opts, "--org"))
        return mrx_err_set(err, MRX_EINVAL, "--org", "is required");
    if (!role_name || !user_role_from_name(role_name, &role))
        return mrx_err_set(err, MRX_EINVAL, "--role", "must be patient, clinician or admin");
    if (!args_get(a, user_opts, "--email"))
        return mrx_err_set(err, MRX_EINVAL, "--email", "is required");
    return records_user_add(r, args_get(a, user_opts, "--org"), role,
                            args_get(a, user_opts, "--email"), u->hash,
                            args_get(a, user_opts, "--patient"), out, err);
}

/* One line of standard input, without its line ending. */
static int read_password(char *buf, size_t size, size_t *len, struct mrx_err *err)
{
    size_t n;

    if (!fgets(buf, (int)size, stdin))
        return mrx_err_set(err, MRX_EINVAL, "--password-stdin", "no password on standard input");
    n = strlen(buf);
    if (n && buf[n - 1] != '\n' && !feof(stdin))
        return mrx_err_set(err, MRX_EINVAL, "password", "must be at most %d bytes long",
                           PASSWORD_MAX);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    *len = n;
    return MRX_OK;
}

static int user_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    char pw[PASSWORD_MAX + 8], hash[PASSWORD_HASH_SIZE];
    struct user_arg u = {NULL};
    size_t len = 0;
    json_t *out;
    int rc;

    if (a->n_pos != 1 || strcmp(a->pos[0], "add") != 0)
        return mrx_err_set(err, MRX_EINVAL, a->n_pos ? a->pos[0] : "user", "expected 'user add'");
    if (args_has(a, user_opts, "--password-stdin")) {
        rc = read_password(pw, sizeof(pw), &len, err);
        if (!rc)
            rc = password_check(pw, len, args_get(a, user_opts, "--email"), err);
        if (!rc && !(rc = password_init(1, 0, password_default_cost(), err)))
            rc = password_hash(pw, len, hash, err);
        memset(pw, 0, sizeof(pw));
        if (rc)
            return rc;
        u.hash = hash;
    }
    if ((rc = records_run(a, user_opts, ctx, user_op, &u, &out, err)))
        return rc;
    if (args_has(a, user_opts, "--json"))
        out_json(out);
    else
        printf("Added user %s\n", json_string_value(json_object_get(out, "id")));
    json_decref(out);
    return MRX_OK;
}

int cmd_user(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, user_opts, 1, user_run, ctx);
}

static const struct opt_spec care_opts[] = {
    {"--db", true}, {"--json", false}, {"--patient", true}, {"--clinician", true}, {NULL, false}};

/* arg: whether to remove (care remove) rather than add (care add) */
static int care_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                   struct mrx_err *err)
{
    const bool *remove = arg;
    if (!args_get(a, care_opts, "--patient"))
        return mrx_err_set(err, MRX_EINVAL, "--patient", "is required");
    if (!args_get(a, care_opts, "--clinician"))
        return mrx_err_set(err, MRX_EINVAL, "--clinician", "is required");
    return (*remove ? records_care_remove : records_care_add)(
        r, args_get(a, care_opts, "--patient"), args_get(a, care_opts, "--clinician"), out, err);
}

static int care_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    json_t *out;
    bool remove;
    int rc;

    if (a->n_pos != 1 || (strcmp(a->pos[0], "add") != 0 && strcmp(a->pos[0], "remove") != 0))
        return mrx_err_set(err, MRX_EINVAL, a->n_pos ? a->pos[0] : "care",
                           "expected 'care add' or 'care remove'");
    remove = strcmp(a->pos[0], "remove") == 0;
    if ((rc = records_run(a, care_opts, ctx, care_op, &remove, &out, err)))
        return rc;
    if (args_has(a, care_opts, "--json"))
        out_json(out);
    else if (remove)
        printf(json_is_true(json_object_get(out, "removed"))
                   ? "Took %s off the care team of %s: their access has ended\n"
                   : "%s was not on the care team of %s: nothing changed\n",
               json_string_value(json_object_get(out, "clinician")),
               json_string_value(json_object_get(out, "patient")));
    else
        printf("%s %s on the care team of %s\n",
               json_is_true(json_object_get(out, "added")) ? "Put" : "Already:",
               json_string_value(json_object_get(out, "clinician")),
               json_string_value(json_object_get(out, "patient")));
    json_decref(out);
    return MRX_OK;
}

int cmd_care(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, care_opts, 1, care_run, ctx);
}
