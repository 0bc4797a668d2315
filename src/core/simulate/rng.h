/*
 * rng.h: the seeded generator of the simulator (splitmix64). The core uses
 * no other randomness; the same seed gives the same numbers everywhere the
 * same libm is used.
 */
#ifndef MOVERX_RNG_H
#define MOVERX_RNG_H

#include "compat.h"

struct rng {
    uint64_t state;
};

/* A generator for stream `stream` of `seed` (patients get independent streams). */
void rng_init(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
double rng_uniform(struct rng *r); /* [0, 1) */
double rng_normal(struct rng *r, double mean, double sd);
bool rng_chance(struct rng *r, double p);

#endif
