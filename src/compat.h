/*
 * compat.h: the first include of every MoveRx source file.
 *
 * It pulls in the few standard headers nearly every file needs and bans libc
 * calls that are easy to misuse (see banned.h), so a mistake is a compile
 * error rather than a review comment.
 */
#ifndef MOVERX_COMPAT_H
#define MOVERX_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* banned.h comes after every system header that might define the banned
 * functions inline (glibc does at -O2 and above). */

#define MRX_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif
