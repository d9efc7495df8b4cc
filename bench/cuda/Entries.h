//===- Entries.h - The lowered kernels' entry points ------------*- C++ -*-===//
//
// hag-cuda-bench calls the entry functions of the kernel modules that
// bench/cuda_bench.py writes and lowers with `hag-opt --hag-lower-to-cuda`,
// through MLIR's C interface (`_mlir_ciface_<name>`, strided memref
// descriptors passed by pointer, in argument order). They are referenced
// weakly: a harness built without the kernel objects finds none of them.
//
//   hag_cuda_plain_<reduce>_d<D>(offsets: memref<?xi64>, indices:
//       memref<?xi32>, x: memref<?xDxf32>, out: memref<?xDxf32>)
//   hag_cuda_hag_<reduce>_d<D>(agg_inputs: memref<?x2xi32>, levels:
//       memref<?xi32>, list_offsets: memref<?xi64>, list_indices:
//       memref<?xi32>, x: memref<?xDxf32>, out: memref<?xDxf32>)
//
// Every array is a device pointer except `levels` (the L + 1 level
// boundaries of the HAG), which the host code reads to size each launch.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_BENCH_CUDA_ENTRIES_H
#define HAG_BENCH_CUDA_ENTRIES_H

#include <cstdint>
#include <string>

namespace hag {
namespace cudabench {

/// MLIR's strided memref descriptor of rank `Rank`.
template <typename T, int Rank> struct MemRef {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];
};

/// A contiguous rank-1 descriptor over `size` elements at `data`.
template <typename T> MemRef<T, 1> memref1d(T *data, int64_t size) {
  return MemRef<T, 1>{data, data, 0, {size}, {1}};
}
/// A contiguous row-major rank-2 descriptor.
template <typename T>
MemRef<T, 2> memref2d(T *data, int64_t rows, int64_t columns) {
  return MemRef<T, 2>{data, data, 0, {rows, columns}, {columns, 1}};
}

using PlainEntry = void (*)(MemRef<int64_t, 1> *offsets,
                            MemRef<int32_t, 1> *indices,
                            MemRef<float, 2> *features, MemRef<float, 2> *out);
using HagEntry = void (*)(MemRef<int32_t, 2> *aggInputs,
                          MemRef<int32_t, 1> *levels,
                          MemRef<int64_t, 1> *listOffsets,
                          MemRef<int32_t, 1> *listIndices,
                          MemRef<float, 2> *features, MemRef<float, 2> *out);

/// The widths and reductions the kernel modules are generated for (kept in
/// step with bench/cuda_bench.py).
constexpr int64_t kEntryWidths[] = {16, 64, 256};
constexpr const char *kEntryReductions[] = {"sum", "max"};

/// "hag_cuda_<kind>_<reduce>_d<width>", kind "plain" or "hag".
std::string entryName(const std::string &kind, const std::string &reduce,
                      int64_t width);

/// The linked entry, or null (not linked, or no module for that width).
PlainEntry findPlainEntry(const std::string &reduce, int64_t width);
HagEntry findHagEntry(const std::string &reduce, int64_t width);

/// How many of the entries above are linked.
int linkedEntryCount();

} // namespace cudabench
} // namespace hag

#endif // HAG_BENCH_CUDA_ENTRIES_H
