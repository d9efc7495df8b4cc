//===- RowBuffer.h - Feature and result rows on huge pages -------*- C++
//-*-===//
//
// The arrays the timing tools (hag-bench, hag-run) hand to the kernels.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_TOOLS_COMMON_ROWBUFFER_H
#define HAG_TOOLS_COMMON_ROWBUFFER_H

#include <algorithm>
#include <cstddef>

#include <sys/mman.h>

namespace hag::tools {

/// An array of floats on 2 MB pages where the kernel allows it (Linux
/// transparent huge pages, asked for with madvise). On 4 KB pages the
/// physical placement of the features and the result, and with it how they
/// share the caches' sets, changed with every process: the same kernel's
/// median moved by up to 2.5x between two runs of one command. On huge
/// pages the rows are contiguous in physical memory too, and the spread
/// between runs fell to about 10%.
class RowBuffer {
public:
  explicit RowBuffer(size_t count) {
    bytes_ = std::max<size_t>(1, (count * sizeof(float) + kHugePage - 1) /
                                     kHugePage) *
             kHugePage;
    void *memory = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      memory = nullptr;
      bytes_ = 0;
      return;
    }
    // Advice only: without transparent huge pages the buffer works on
    // 4 KB pages.
    (void)madvise(memory, bytes_, MADV_HUGEPAGE);
    data_ = static_cast<float *>(memory);
  }
  RowBuffer(const RowBuffer &) = delete;
  RowBuffer &operator=(const RowBuffer &) = delete;
  ~RowBuffer() {
    if (data_)
      munmap(data_, bytes_);
  }
  /// Null when the memory could not be mapped.
  float *data() const { return data_; }

private:
  static constexpr size_t kHugePage = size_t(2) << 20;
  float *data_ = nullptr;
  size_t bytes_ = 0;
};

} // namespace hag::tools

#endif // HAG_TOOLS_COMMON_ROWBUFFER_H
