/* What one feature row costs the core when it is already in the L1 cache:
 * read and added into accumulators, as an aggregation's list entry is, or
 * written, as an aggregation node's row is. Rows are 64 floats (256 bytes,
 * d = 64) in buffers of 32 rows (8 KB each), so everything stays in L1;
 * 16 accumulators keep the adds off the critical path. Used by
 * docs/CpuPerformance.md ("Rows written cost more than rows read").
 *
 *   cc -O3 -mavx512f bench/row_costs.c -o /tmp/row_costs && /tmp/row_costs
 *
 * Prints the median of 7 timings of each, in ns per row, and their ratio.
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { kRowFloats = 64, kRows = 32, kTimings = 7 };
static const long kIterations = 20000000;

static float features[kRows * kRowFloats] __attribute__((aligned(64)));
static float written[kRows * kRowFloats] __attribute__((aligned(64)));

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* ns per row read and added; the sum goes to `sink` so nothing is dropped. */
static double readRows(float *sink) {
  __m512 acc[16];
  for (int k = 0; k < 16; ++k)
    acc[k] = _mm512_setzero_ps();
  double start = seconds();
  for (long i = 0; i < kIterations; i += 4)
    for (int j = 0; j < 4; ++j) {
      const float *row = features + ((i + j) % kRows) * kRowFloats;
      for (int b = 0; b < 4; ++b)
        acc[4 * j + b] =
            _mm512_add_ps(acc[4 * j + b], _mm512_load_ps(row + 16 * b));
    }
  double ns = (seconds() - start) / kIterations * 1e9;
  __m512 total = acc[0];
  for (int k = 1; k < 16; ++k)
    total = _mm512_add_ps(total, acc[k]);
  *sink += _mm512_reduce_add_ps(total);
  return ns;
}

/* ns per row written. */
static double writeRows(float value) {
  __m512 v = _mm512_set1_ps(value);
  double start = seconds();
  for (long i = 0; i < kIterations; ++i) {
    float *row = written + (i % kRows) * kRowFloats;
    for (int b = 0; b < 4; ++b)
      _mm512_store_ps(row + 16 * b, v);
    /* Every store is kept: the compiler may not merge iterations. */
    __asm__ volatile("" ::: "memory");
  }
  return (seconds() - start) / kIterations * 1e9;
}

static int byValue(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  for (int i = 0; i < kRows * kRowFloats; ++i)
    features[i] = (float)i * 1e-6f;
  double reads[kTimings], writes[kTimings];
  float sink = 0;
  for (int t = 0; t < kTimings; ++t) {
    reads[t] = readRows(&sink);
    writes[t] = writeRows(sink);
  }
  qsort(reads, kTimings, sizeof(double), byValue);
  qsort(writes, kTimings, sizeof(double), byValue);
  double read = reads[kTimings / 2], write = writes[kTimings / 2];
  printf("row of %d bytes in L1: read and added %.2f ns, written %.2f ns, "
         "write / read %.2f (checksum %g)\n",
         (int)(kRowFloats * sizeof(float)), read, write, write / read,
         (double)sink + written[kRowFloats - 1]);
  return 0;
}
