#ifndef LINLI_CGSL_SHIM_H
#define LINLI_CGSL_SHIM_H

#include <stdint.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_integration.h>

/* C `%.6g` of one double into `out` (at most n bytes with the NUL), without
   Swift's variadic-argument array: CSV cells are formatted without touching
   the heap, with exactly the bytes printf gives. */
static inline int linli_format_g6(char *out, size_t n, double v) { return snprintf(out, n, "%.6g", v); }

/* GSL's generator type objects are C globals that Swift 6 rejects as not
   concurrency-safe; these accessors hand them over as plain values. */
static inline const gsl_rng_type *linli_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_qrng_type *linli_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_multimin_fminimizer_type *linli_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }
static inline const gsl_odeiv2_step_type *linli_odeiv2_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *linli_odeiv2_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_integration_fixed_type *linli_integration_jacobi(void) { return gsl_integration_fixed_jacobi; }

/* Linli's stream generator: xoshiro256++ (Blackman & Vigna 2019) registered
   as a GSL generator type, so every GSL distribution draws from it. It takes a
   full 64-bit seed (GSL's MT19937 keeps only 32 bits, too few to keep
   thousands of derived streams apart) and expands it with SplitMix64. */
typedef struct { uint64_t s[4]; } linli_xoshiro_state;

static inline uint64_t linli_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t linli_splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t linli_xoshiro_next(linli_xoshiro_state *st) {
    uint64_t *s = st->s;
    const uint64_t result = linli_rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = linli_rotl(s[3], 45);
    return result;
}

static inline void linli_xoshiro_set(void *vstate, unsigned long seed) {
    linli_xoshiro_state *st = (linli_xoshiro_state *)vstate;
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++) st->s[i] = linli_splitmix64(&x);
}

static inline unsigned long linli_xoshiro_get(void *vstate) {
    return (unsigned long)(linli_xoshiro_next((linli_xoshiro_state *)vstate) >> 32);
}

/* Uniform on [0,1) with 53 random bits. */
static inline double linli_xoshiro_get_double(void *vstate) {
    return (double)(linli_xoshiro_next((linli_xoshiro_state *)vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type linli_xoshiro_type = {
    "linli-xoshiro256++", 0xffffffffUL, 0, sizeof(linli_xoshiro_state),
    &linli_xoshiro_set, &linli_xoshiro_get, &linli_xoshiro_get_double
};

static inline const gsl_rng_type *linli_rng_xoshiro(void) { return &linli_xoshiro_type; }

/* Hot-path uniform: skips GSL's function-pointer dispatch; same stream. */
static inline double linli_rng_uniform_fast(gsl_rng *r) {
    return linli_xoshiro_get_double(r->state);
}

/* The first of households from..<to that moves out today: one uniform per
   household in order, compared with the owners' or everyone else's hazard
   (the draws and comparisons of a loop of linli_rng_uniform_fast, with the
   generator's state in registers instead of memory between draws). Returns
   `to` when none moves; the draws consumed are exactly those tested. */
static inline long linli_first_move(gsl_rng *r, const uint8_t *tenure, long from, long to,
                                    uint8_t owner, double owner_hazard, double other_hazard) {
    linli_xoshiro_state *st = (linli_xoshiro_state *)r->state;
    linli_xoshiro_state local = *st;           /* a local copy the compiler keeps in registers */
    long h = from;
    for (; h < to; h++) {
        const double u = linli_xoshiro_get_double(&local);
        if (u < (tenure[h] == owner ? owner_hazard : other_hazard)) break;
    }
    *st = local;
    return h;
}

/* Mixes (seed, replicate, stream) into one 64-bit generator seed. */
static inline uint64_t linli_stream_seed(uint64_t seed, uint64_t replicate, uint64_t stream) {
    uint64_t x = seed;
    uint64_t a = linli_splitmix64(&x);
    x = a ^ (replicate * 0xD1B54A32D192ED03ULL);
    uint64_t b = linli_splitmix64(&x);
    x = b ^ (stream * 0x8CB92BA72F3D8DD7ULL);
    return linli_splitmix64(&x);
}

/* Seed of run (point, replicate) of a sweep with seed `sweep_seed`: the run
   is then simulated as replicate 0 of its scenario with this seed, so
   `linli run --seed S --replicates 1` repeats it. A constant separates this
   derivation from the per-stream one above. */
static inline uint64_t linli_run_seed(uint64_t sweep_seed, uint64_t point, uint64_t replicate) {
    return linli_stream_seed(sweep_seed ^ 0x5357454550ULL /* "SWEEP" */, point, replicate);
}

/* Atomics for the engine's worker pool (Engine/WorkerPool.swift): 64-bit
   counters with acquire/release order, so the pool needs neither a package
   nor an OS-version-gated Swift module. */
static inline int64_t linli_atomic_load(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void linli_atomic_store(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int64_t linli_atomic_fetch_add(int64_t *p, int64_t v) { return __atomic_fetch_add(p, v, __ATOMIC_ACQ_REL); }
static inline _Bool linli_atomic_cas(int64_t *p, int64_t expected, int64_t desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
static inline void linli_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
