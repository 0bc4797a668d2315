/*
 * fileio.c: bounded whole-file reads and sorted directory listings.
 */
#include "compat.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "data/fileio.h"

int stream_read_all(FILE *f, const char *name, char **out, size_t *len, struct mrx_err *err)
{
    size_t cap = 0, n = 0;
    char *buf = NULL;

    for (;;) {
        size_t got;
        xgrow((void **)&buf, &cap, n + 4096 + 1, 1);
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > FILEIO_MAX_BYTES) {
            free(buf);
            return mrx_err_set(err, MRX_EINVAL, name, "larger than %u bytes", FILEIO_MAX_BYTES);
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return mrx_err_set(err, MRX_EIO, name, "read failed");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return MRX_OK;
}

static bool unusable(int e)
{
    return e == ENOENT || e == ENOTDIR || e == EISDIR || e == EACCES || e == ELOOP ||
           e == ENAMETOOLONG;
}

int file_read_all(const char *path, int unusable_code, char **out, size_t *len, struct mrx_err *err)
{
    struct stat st;
    FILE *f;
    int rc;

    if (!*path)
        return mrx_err_set(err, unusable_code, "file", "the path is empty");
    if (stat(path, &st) != 0)
        return mrx_err_set(err, unusable(errno) ? unusable_code : MRX_EIO, path, "%s",
                           errno == ENOENT ? "no such file" : strerror(errno));
    if (!S_ISREG(st.st_mode))
        return mrx_err_set(err, unusable_code, path, "not a regular file");
    f = fopen(path, "rb");
    if (!f)
        return mrx_err_set(err, unusable(errno) ? unusable_code : MRX_EIO, path, "%s",
                           strerror(errno));
    rc = stream_read_all(f, path, out, len, err);
    if (rc == MRX_EINVAL)
        err->code = rc = unusable_code; /* too large */
    fclose(f);
    return rc;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int file_write_private(const char *path, const void *data, size_t len, struct mrx_err *err)
{
    char tmp[4200];
    const char *p = data;
    size_t done = 0;
    int fd;

    if (!strcmp(path, "-")) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
            return mrx_err_set(err, MRX_EIO, "-", "cannot write: %s", strerror(errno));
        return MRX_OK;
    }
    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0) /* mkstemp makes it 0600 */
        return mrx_err_set(err, MRX_EIO, path, "cannot write: %s", strerror(errno));
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    {
        int e = done < len || fsync(fd) != 0 ? (errno ? errno : EIO) : 0;
        if (close(fd) != 0 && !e)
            e = errno;
        if (!e && rename(tmp, path) != 0)
            e = errno;
        if (e) {
            unlink(tmp);
            return mrx_err_set(err, MRX_EIO, path, "cannot write: %s", strerror(e));
        }
    }
    return MRX_OK;
}

bool dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int dir_list(const char *dir, const char *suffix, char ***names, int *n, struct mrx_err *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t cap = 0;

    *names = NULL;
    *n = 0;
    if (!d)
        return mrx_err_set(err, MRX_EDATA, dir, "cannot open directory: %s", strerror(errno));
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, suffix))
            continue;
        xgrow((void **)names, &cap, (size_t)*n + 1, sizeof(**names));
        (*names)[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (*n > 1)
        qsort(*names, (size_t)*n, sizeof(**names), by_name);
    return MRX_OK;
}

void names_free(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
