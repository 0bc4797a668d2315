/*
 * migrations.h: the store's schema as forward-only steps, one per file of
 * src/store/migrations/ (NNN_what.sql), compiled into the binary. Step i
 * takes the schema from version i to i + 1; the version is kept in the
 * store itself.
 */
#ifndef MOVERX_MIGRATIONS_H
#define MOVERX_MIGRATIONS_H

extern const char *const store_migrations[];
extern const int store_migration_count;

#endif
