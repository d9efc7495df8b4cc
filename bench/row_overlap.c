/* Whether a row written costs time beside rows read, as an aggregation
 * node's row does in the HAG kernel: each item reads K rows from L1 (64
 * floats, d = 64) into four accumulators and then, or not, writes one row.
 * A second series writes every item's row and has each item read, as its
 * first input, the row written `distance` items before (0: none), as a
 * node of the next level may read one just computed. Used by
 * docs/CpuPerformance.md ("Rows written cost more than rows read").
 *
 *   cc -O3 -march=native bench/row_overlap.c -o /tmp/row_overlap && /tmp/row_overlap
 *
 * Prints the best of 5 timings of each, in ns per item.
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

enum { kRowFloats = 64, kRows = 32, kWritten = 4 * kRows, kTimings = 5 };
static const long kItems = 20000000;

static float features[kRows * kRowFloats] __attribute__((aligned(64)));
static float written[kWritten * kRowFloats] __attribute__((aligned(64)));

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* ns per item: K rows read and, if `write`, one row written; the first row
 * read is the one written `distance` items earlier when distance > 0. */
static double items(int k, int write, int distance) {
  double start = seconds();
  for (long i = 0; i < kItems; ++i) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (int j = 0; j < k; ++j) {
      const float *row =
          distance && j == 0
              ? written + ((i + kWritten - distance) % kWritten) * kRowFloats
              : features + ((i * 7 + j * 3) % kRows) * kRowFloats;
      a0 = _mm512_add_ps(a0, _mm512_load_ps(row));
      a1 = _mm512_add_ps(a1, _mm512_load_ps(row + 16));
      a2 = _mm512_add_ps(a2, _mm512_load_ps(row + 32));
      a3 = _mm512_add_ps(a3, _mm512_load_ps(row + 48));
    }
    if (write) {
      float *out = written + (i % kWritten) * kRowFloats;
      _mm512_store_ps(out, a0);
      _mm512_store_ps(out + 16, a1);
      _mm512_store_ps(out + 32, a2);
      _mm512_store_ps(out + 48, a3);
    } else {
      /* Keep the sums without a store. */
      __m512 sum = _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3));
      __asm__ volatile("" ::"v"(sum));
    }
    __asm__ volatile("" ::: "memory");
  }
  return (seconds() - start) / kItems * 1e9;
}

static double best(int k, int write, int distance) {
  double b = 1e30;
  for (int t = 0; t < kTimings; ++t) {
    double ns = items(k, write, distance);
    if (ns < b)
      b = ns;
  }
  return b;
}

int main(void) {
  for (int i = 0; i < kRows * kRowFloats; ++i)
    features[i] = (i % 97) * 1e-6f;
  printf("K  reads only  reads + write  (ns per item)\n");
  for (int k = 1; k <= 8; k *= 2)
    printf("%d  %10.2f  %13.2f\n", k, best(k, 0, 0), best(k, 1, 0));
  static const int distances[] = {0, 1, 2, 4, 16};
  printf("\nK  reads + write, first row read written N items before: N =");
  for (int d = 0; d < 5; ++d)
    printf(" %d", distances[d]);
  printf("\n");
  for (int k = 2; k <= 8; k *= 2) {
    printf("%d ", k);
    for (int d = 0; d < 5; ++d)
      printf(" %6.2f", best(k, 1, distances[d]));
    printf("\n");
  }
  return 0;
}
