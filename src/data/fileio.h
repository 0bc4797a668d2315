/*
 * fileio.h: reading whole files and listing directories, bounded.
 *
 * Data files are small; anything over the cap is refused rather than read,
 * so a wrong path (a disk image, /dev/zero) fails fast with a clear message.
 */
#ifndef MOVERX_FILEIO_H
#define MOVERX_FILEIO_H

#include <stdio.h>

#include "compat.h"
#include "common/err.h"

#define FILEIO_MAX_BYTES (4u << 20) /* 4 MiB */

/*
 * Reads all of `path` into a NUL-terminated buffer (*out, caller frees).
 * A path that cannot be used as a file (missing, a directory, no permission,
 * too large) is `unusable_code` (MRX_EINVAL for a file named on the command
 * line, MRX_EDATA for a data file); any other failure is MRX_EIO.
 */
int file_read_all(const char *path, int unusable_code, char **out, size_t *len,
                  struct mrx_err *err);

/* Reads all of an open stream (standard input), bounded the same way. */
int stream_read_all(FILE *f, const char *name, char **out, size_t *len, struct mrx_err *err);

/*
 * Writes `len` bytes to `path` whole or not at all: a private (0600) file
 * beside it, flushed to disk, then renamed over it. "-" is standard output.
 * MRX_EIO naming the path.
 */
int file_write_private(const char *path, const void *data, size_t len, struct mrx_err *err);

/* True when `path` names a directory. */
bool dir_exists(const char *path);

/*
 * Lists the regular entries of `dir` whose names end in `suffix`, sorted.
 * *names is an array of *n strings (free each, then the array).
 */
int dir_list(const char *dir, const char *suffix, char ***names, int *n, struct mrx_err *err);

void names_free(char **names, int n);

#endif
