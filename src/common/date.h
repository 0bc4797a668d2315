/*
 * date.h: calendar dates as day numbers, with no clock and no time zone.
 *
 * MoveRx works in the patient's local calendar dates (ISO 8601,
 * YYYY-MM-DD). A date is the number of days since 1970-01-01 in the
 * proleptic Gregorian calendar, so adding days is addition.
 */
#ifndef MOVERX_DATE_H
#define MOVERX_DATE_H

#include "compat.h"

/* Parses exactly "YYYY-MM-DD" (years 1900..9999, a real day of that month). */
bool date_parse(const char *s, long *days);

/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). */
void date_format(long days, char *buf, size_t size);

/* A UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" from seconds since 1970 (buf: at least 21 bytes). */
void date_timestamp(long long seconds, char *buf, size_t size);

/* Seconds since 1970 from a timestamp written by date_timestamp(). */
bool date_timestamp_parse(const char *s, long long *seconds);

#endif
