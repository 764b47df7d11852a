/* LB-1 in plain C (C11, gcc -O3 -march=native; -fopenmp for --threads > 1).
 *
 * The port a C programmer would write from BENCHMARK.md: an array of resident
 * structs, ties in CSR arrays, yesterday's and today's active flags as byte
 * arrays, libm's exp, qsort for the monthly top 1%. Random numbers:
 * xoshiro256++ (the generator Linli uses), one stream per block of residents
 * (the block size depends on N only, as in Linli's LB-1: about 32 blocks,
 * 256 to 4,096 residents each), so that results do not depend on the thread
 * count.
 *
 *   lb1 --residents N --days T --threads K --seed S [--csv FILE]
 *
 * Prints `resident_days_per_second=<number>` as its last line.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define NEIGHBOURHOOD 40
#define LOCAL_TIES 6
#define GLOBAL_TIES 2

typedef struct { uint64_t s[4]; } rng_t;

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rng_next(rng_t *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}

static inline double rng_uniform(rng_t *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

static inline int rng_below(rng_t *r, int n) { return (int)(rng_uniform(r) * n); }

/* Beta(2, 5) as Gamma(2) / (Gamma(2) + Gamma(5)), integer-shape gammas as sums of exponentials. */
static double rng_beta25(rng_t *r) {
    double g2 = 0, g5 = 0;
    for (int k = 0; k < 2; k++) g2 -= log(1.0 - rng_uniform(r));
    for (int k = 0; k < 5; k++) g5 -= log(1.0 - rng_uniform(r));
    return g2 / (g2 + g5);
}

typedef struct {
    int retiree;
    int leader;
    double theta;
    double mu;
    double engagement;
    double fatigue;
    int recognised_until;
} resident_t;

static const resident_t *sort_base;

/* Highest engagement first; ties to the lower index. */
static int by_engagement(const void *a, const void *b) {
    int i = *(const int *)a, j = *(const int *)b;
    double ei = sort_base[i].engagement, ej = sort_base[j].engagement;
    if (ei > ej) return -1;
    if (ei < ej) return 1;
    return (i > j) - (i < j);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void usage(void) {
    fprintf(stderr, "usage: lb1 --residents N --days T --threads K --seed S [--csv FILE] [--quiet]\n");
    exit(1);
}

int main(int argc, char **argv) {
    long n = 10000, days = 365, threads = 1;
    uint64_t seed = 1;
    const char *csv = NULL;
    int quiet = 0;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--quiet")) { quiet = 1; continue; }
        if (a + 1 >= argc) usage();
        if (!strcmp(argv[a], "--residents")) n = atol(argv[++a]);
        else if (!strcmp(argv[a], "--days")) days = atol(argv[++a]);
        else if (!strcmp(argv[a], "--threads")) threads = atol(argv[++a]);
        else if (!strcmp(argv[a], "--seed")) seed = strtoull(argv[++a], NULL, 10);
        else if (!strcmp(argv[a], "--csv")) csv = argv[++a];
        else usage();
    }
    if (n < 1 || days < 1 || threads < 1) usage();
#ifdef _OPENMP
    omp_set_num_threads((int)threads);
#else
    if (threads > 1) fprintf(stderr, "lb1: built without OpenMP, running on one thread\n");
#endif

    double t0 = now();
    resident_t *res = calloc(n, sizeof *res);
    int *offsets = malloc((n + 1) * sizeof *offsets);
    int *targets = malloc(n * (LOCAL_TIES + GLOBAL_TIES) * sizeof *targets);
    unsigned char *active = calloc(n, 1), *next_active = calloc(n, 1);
    int *order = malloc(n * sizeof *order);
    long block = (n / 32 + 63) / 64 * 64;
    if (block < 256) block = 256;
    if (block > 4096) block = 4096;
    long nblocks = (n + block - 1) / block;
    rng_t *streams = malloc(nblocks * sizeof *streams);
    long *rec_participants = malloc(days * sizeof(long));
    double *rec_active = malloc(days * sizeof(double)), *rec_engagement = malloc(days * sizeof(double));

    rng_t setup;
    rng_seed(&setup, seed, 1);
    for (long i = 0; i < n; i++) {
        res[i].retiree = rng_uniform(&setup) < 0.3;
        res[i].theta = rng_beta25(&setup);
        res[i].mu = rng_uniform(&setup);
        res[i].leader = rng_uniform(&setup) < 0.01;
        res[i].recognised_until = -1;
    }
    rng_seed(&setup, seed, 2);
    int m = 0;
    offsets[0] = 0;
    for (long i = 0; i < n; i++) {
        long lo = i / NEIGHBOURHOOD * NEIGHBOURHOOD;
        long hi = lo + NEIGHBOURHOOD < n ? lo + NEIGHBOURHOOD : n;
        int first = m;
        if (hi - lo - 1 <= LOCAL_TIES) {
            for (long j = lo; j < hi; j++) if (j != i) targets[m++] = (int)j;
        } else {
            while (m - first < LOCAL_TIES) {
                int j = (int)lo + rng_below(&setup, (int)(hi - lo)), seen = (j == i);
                for (int k = first; k < m && !seen; k++) seen = targets[k] == j;
                if (!seen) targets[m++] = j;
            }
        }
        if (n > 1) {
            for (int k = 0; k < GLOBAL_TIES; k++) {
                int j = rng_below(&setup, (int)(n - 1));
                if (j >= i) j++;
                targets[m++] = j;
            }
        }
        offsets[i + 1] = m;
    }
    for (long b = 0; b < nblocks; b++) rng_seed(&streams[b], seed, 1000 + b);
    double setup_seconds = now() - t0;

    const double d = pow(2.0, -1.0 / 30.0);
    double t1 = now();
    for (long t = 0; t < days; t++) {
        int weekend = t % 7 >= 5;
        long participants = 0, active_count = 0;
        double engagement_sum = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : participants, active_count, engagement_sum)
        for (long b = 0; b < nblocks; b++) {
            rng_t *r = &streams[b];
            long end = (b + 1) * block < n ? (b + 1) * block : n;
            for (long i = b * block; i < end; i++) {
                resident_t *p = &res[i];
                if (p->retiree || weekend) {
                    int k = 0, K = offsets[i + 1] - offsets[i];
                    for (int e = offsets[i]; e < offsets[i + 1]; e++) k += active[targets[e]];
                    double s = K == 0 ? 0 : fmin(1.0, k / (K * p->theta));
                    double x = -2.75 + 2 * p->mu + 3 * s - 2 * p->fatigue + (p->leader ? 1 : 0)
                             + (t <= p->recognised_until ? 0.5 : 0);
                    if (rng_uniform(r) < 1 / (1 + exp(-x))) {
                        p->engagement = d * p->engagement + (1 - d);
                        p->fatigue = fmin(1.0, p->fatigue + 0.1);
                        participants++;
                    } else {
                        p->engagement = d * p->engagement;
                        p->fatigue = 0.9 * p->fatigue;
                    }
                } else {
                    p->engagement = d * p->engagement;
                    p->fatigue = 0.9 * p->fatigue;
                }
                next_active[i] = p->engagement > 0.2;
                active_count += next_active[i];
                engagement_sum += p->engagement;
            }
        }
        unsigned char *tmp = active; active = next_active; next_active = tmp;
        if (t % 30 == 29) {
            long top = (n + 99) / 100;
            for (long i = 0; i < n; i++) order[i] = (int)i;
            sort_base = res;
            qsort(order, n, sizeof *order, by_engagement);
            for (long k = 0; k < top; k++) res[order[k]].recognised_until = (int)t + 60;
        }
        rec_participants[t] = participants;
        rec_active[t] = (double)active_count / n;
        rec_engagement[t] = engagement_sum / n;
    }
    double loop_seconds = now() - t1;

    if (csv) {
        FILE *f = fopen(csv, "w");
        if (!f) { perror(csv); return 2; }
        fprintf(f, "day,participants,active_share,mean_engagement\n");
        for (long t = 0; t < days; t++)
            fprintf(f, "%ld,%ld,%.17g,%.17g\n", t, rec_participants[t], rec_active[t], rec_engagement[t]);
        fclose(f);
    }
    if (!quiet) {
        printf("lb1 (plain C): residents=%ld days=%ld threads=%ld seed=%llu\n", n, days, threads, (unsigned long long)seed);
        printf("setup_seconds=%.4f loop_seconds=%.4f\n", setup_seconds, loop_seconds);
        printf("active_share_last=%.6f mean_engagement_last=%.6f\n", rec_active[days - 1], rec_engagement[days - 1]);
    }
    printf("resident_days_per_second=%.0f\n", (double)n * days / loop_seconds);
    return 0;
}
