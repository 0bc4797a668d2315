/*
 * serve_config.h: the settings of `moverx serve`, from (later wins) the
 * built-in defaults, an INI file (--config), the environment
 * (MOVERX_<SECTION>_<KEY>, and MOVERX_DB) and the command line.
 */
#ifndef MOVERX_SERVE_CONFIG_H
#define MOVERX_SERVE_CONFIG_H

#include "api/api.h"
#include "compat.h"
#include "common/err.h"
#include "http/http.h"

/* max_connections_per_address not given: 64, or no limit behind a trusted proxy. */
#define PER_ADDRESS_UNSET 0xffffffffu
#define PER_ADDRESS_DEFAULT 64u

struct serve_config {
    struct http_options http;
    struct api_config api;
    char listen[64];
    char db[4096];
    char web_root[4096];
    char trusted_proxy[64];
    char public_url[256];
    char push_subject[256];
    char push_hosts[1024];
};

/* The built-in defaults (db: the default store path). */
int serve_config_defaults(struct serve_config *cfg, struct mrx_err *err);
/* Reads an INI file; an unknown section or key, or a bad value, names itself. */
int serve_config_file(struct serve_config *cfg, const char *path, struct mrx_err *err);
/* Applies MOVERX_* variables. */
int serve_config_env(struct serve_config *cfg, struct mrx_err *err);
/* Sets one setting by section and key from text (files, environment and flags share this). */
int serve_config_set(struct serve_config *cfg, const char *section, const char *key,
                     const char *value, struct mrx_err *err);
/* Every setting with its default and meaning, for --help. */
void serve_config_help(FILE *f);

#endif
