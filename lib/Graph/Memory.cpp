//===- Memory.cpp - Checking a size against this machine's memory ---------===//
//
// Physical memory comes from sysconf (pages times page size), the figure a
// request must stay below: beyond it no swap setting or overcommit policy
// lets the allocation be used.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/Memory.h"

#include <cstdio>
#include <unistd.h>

using namespace hag;

uint64_t hag::physicalMemoryBytes() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long pageSize = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || pageSize <= 0)
    return 0;
  return saturatingMultiply(uint64_t(pages), uint64_t(pageSize));
}

uint64_t hag::saturatingMultiply(uint64_t a, uint64_t b) {
  uint64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product))
    return UINT64_MAX;
  return product;
}

uint64_t hag::saturatingAdd(uint64_t a, uint64_t b) {
  uint64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum))
    return UINT64_MAX;
  return sum;
}

std::string hag::formatBytes(uint64_t bytes) {
  if (bytes == UINT64_MAX)
    return "16 EiB or more";
  if (bytes < 1024)
    return std::to_string(bytes) + " bytes";
  static const char *const kUnits[] = {"KiB", "MiB", "GiB",
                                       "TiB", "PiB", "EiB"};
  double value = double(bytes) / 1024;
  unsigned unit = 0;
  while (value >= 1024 && unit + 1 < sizeof kUnits / sizeof *kUnits) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

Status hag::checkMemoryNeed(const std::string &what, uint64_t bytes,
                            uint64_t physicalBytes) {
  if (physicalBytes == 0 || bytes <= physicalBytes)
    return Status::success();
  return Status::error(what + " would need " + formatBytes(bytes) +
                       ", more than this machine's " +
                       formatBytes(physicalBytes) + " of physical memory");
}
