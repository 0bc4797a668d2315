/*
 * static_files.c: the web app's files under the configured web root. Only
 * plain files below the root, no hidden names, no "..": anything else is 404.
 */
#include "compat.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_internal.h"

#define STATIC_MAX (8u * 1024 * 1024)

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".woff2", "font/woff2"},
};

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < MRX_ARRAY_LEN(types); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* Whether a URL path may name a file: segments of safe characters, none hidden. */
static bool safe_path(const char *p)
{
    if (p[0] != '/' || strlen(p) > 512)
        return false;
    for (const char *s = p; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (*s == '/' && (s[1] == '.' || s[1] == '/'))
            return false;
        if (!(isalnum(ch) || strchr("/-_.", ch)))
            return false;
    }
    return true;
}

void h_static(struct call *c)
{
    const char *root = c->api->cfg.web_root, *path = c->req->path;
    char file[1024];
    struct stat st;
    int fd;

    if (!root || !safe_path(path)) {
        reply_not_found(c);
        return;
    }
    snprintf(file, sizeof(file), "%s%s%s", root, path,
             path[strlen(path) - 1] == '/' ? "index.html" : "");
    if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0 ||
        !S_ISREG(st.st_mode) || (size_t)st.st_size > STATIC_MAX) {
        if (fd >= 0)
            close(fd);
        reply_not_found(c);
        return;
    }
    char *buf = xmalloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    reply_text(c, 200, content_type(file), buf, got);
}
