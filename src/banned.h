/*
 * banned.h: libc calls MoveRx never uses. Each has a safer form:
 * strcpy/strcat/sprintf -> snprintf or strbuf; strtok -> explicit scanning;
 * atoi/atol/atof -> strtol/strtod with full error checks;
 * gmtime/localtime -> the _r forms.
 */
#ifndef MOVERX_BANNED_H
#define MOVERX_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atof
#define atof(x) BANNED(atof)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)

#endif
