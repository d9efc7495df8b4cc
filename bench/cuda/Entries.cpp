//===- Entries.cpp - Weak references to the lowered kernels --------------===//
//
// A weak undefined symbol resolves to null when no object defines it, so the
// harness links with or without the kernel objects (linked as objects, not
// from an archive, which a weak reference would not pull in).
//
//===----------------------------------------------------------------------===//
#include "Entries.h"

using namespace hag::cudabench;

#define HAG_BENCH_ENTRIES(reduce, width)                                       \
  extern "C" void _mlir_ciface_hag_cuda_plain_##reduce##_d##width(             \
      MemRef<int64_t, 1> *, MemRef<int32_t, 1> *, MemRef<float, 2> *,          \
      MemRef<float, 2> *) __attribute__((weak));                               \
  extern "C" void _mlir_ciface_hag_cuda_hag_##reduce##_d##width(               \
      MemRef<int32_t, 2> *, MemRef<int32_t, 1> *, MemRef<int64_t, 1> *,        \
      MemRef<int32_t, 1> *, MemRef<float, 2> *, MemRef<float, 2> *)            \
      __attribute__((weak));

HAG_BENCH_ENTRIES(sum, 16)
HAG_BENCH_ENTRIES(sum, 64)
HAG_BENCH_ENTRIES(sum, 256)
HAG_BENCH_ENTRIES(max, 16)
HAG_BENCH_ENTRIES(max, 64)
HAG_BENCH_ENTRIES(max, 256)
#undef HAG_BENCH_ENTRIES

namespace {
struct EntrySlot {
  const char *reduce;
  int64_t width;
  PlainEntry plain;
  HagEntry hag;
};

#define HAG_BENCH_SLOT(reduce, width)                                          \
  {                                                                            \
#reduce, width, &_mlir_ciface_hag_cuda_plain_##reduce##_d##width,          \
        &_mlir_ciface_hag_cuda_hag_##reduce##_d##width                         \
  }

const EntrySlot kSlots[] = {
    HAG_BENCH_SLOT(sum, 16), HAG_BENCH_SLOT(sum, 64), HAG_BENCH_SLOT(sum, 256),
    HAG_BENCH_SLOT(max, 16), HAG_BENCH_SLOT(max, 64), HAG_BENCH_SLOT(max, 256),
};
#undef HAG_BENCH_SLOT

const EntrySlot *findSlot(const std::string &reduce, int64_t width) {
  for (const EntrySlot &slot : kSlots)
    if (reduce == slot.reduce && width == slot.width)
      return &slot;
  return nullptr;
}
} // namespace

std::string hag::cudabench::entryName(const std::string &kind,
                                      const std::string &reduce,
                                      int64_t width) {
  return "hag_cuda_" + kind + "_" + reduce + "_d" + std::to_string(width);
}

PlainEntry hag::cudabench::findPlainEntry(const std::string &reduce,
                                          int64_t width) {
  const EntrySlot *slot = findSlot(reduce, width);
  return slot ? slot->plain : nullptr;
}

HagEntry hag::cudabench::findHagEntry(const std::string &reduce,
                                      int64_t width) {
  const EntrySlot *slot = findSlot(reduce, width);
  return slot ? slot->hag : nullptr;
}

int hag::cudabench::linkedEntryCount() {
  int count = 0;
  for (const EntrySlot &slot : kSlots)
    count += (slot.plain != nullptr) + (slot.hag != nullptr);
  return count;
}
