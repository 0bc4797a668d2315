/*
 * difficulty.h: how hard a session (or one exercise in it) felt to the
 * person, as they rated it. Shared by the engine, which acts on it, and the
 * store, which keeps it.
 */
#ifndef MOVERX_DIFFICULTY_H
#define MOVERX_DIFFICULTY_H

enum difficulty { DIFFICULTY_NONE, DIFFICULTY_EASY, DIFFICULTY_RIGHT, DIFFICULTY_HARD };

#endif
