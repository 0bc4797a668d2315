/*
 * rng.c: splitmix64 and the distributions the simulator needs (see rng.h).
 */
#include "compat.h"

#include <math.h>

#include "core/simulate/rng.h"

#define TWO_PI 6.283185307179586

uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
    r->state = seed;
    r->state = rng_next(r) ^ (stream * 0xd1b54a32d192ed03ULL);
    (void)rng_next(r);
}

double rng_uniform(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_normal(struct rng *r, double mean, double sd)
{
    double u1 = rng_uniform(r), u2 = rng_uniform(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return mean + sd * sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

bool rng_chance(struct rng *r, double p)
{
    return rng_uniform(r) < p;
}
