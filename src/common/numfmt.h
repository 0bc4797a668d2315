/*
 * numfmt.h: strict number parsing and output rounding.
 *
 * MoveRx keeps full precision inside and rounds only for output. Percentages
 * are rounded half-up (half away from zero) to one decimal, as CONTRACT.md
 * says. Parsers take <ptr, len> and accept the whole span or nothing.
 */
#ifndef MOVERX_NUMFMT_H
#define MOVERX_NUMFMT_H

#include "compat.h"

/* Rounds half away from zero to `decimals` places, immune to binary noise
 * such as 42.85 being stored as 42.8499999. */
double mrx_round_half_up(double x, int decimals);

/* Parses an optionally signed decimal integer filling the whole span.
 * Returns false on anything else (empty, spaces, trailing text, overflow). */
bool mrx_parse_long(const char *s, size_t len, long *out);

/* Parses a count as a person writes it: digits only, no sign, no leading
 * zero ("0" itself excepted), at most 9 digits. "+3", "05" and "-0" fail. */
bool mrx_parse_count(const char *s, size_t len, long *out);

/* Parses a plain decimal number ("7", "5.10", "-2.5") filling the whole span.
 * No "+" sign, exponents, hex, inf or nan. Sets *is_integer when it has no '.'. */
bool mrx_parse_decimal(const char *s, size_t len, double *out, bool *is_integer);

#endif
