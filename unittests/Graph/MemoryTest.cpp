//===- MemoryTest.cpp - Tests of the memory-need check --------------------===//
//
// Sizes saturate instead of wrapping (a wrapped product is a small request
// that passes the check and then allocates the wrong amount), and the check
// refuses exactly what is more than the physical memory it is given.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/Memory.h"

#include <gtest/gtest.h>

using namespace hag;

namespace {

TEST(Memory, SaturatingArithmetic) {
  EXPECT_EQ(saturatingMultiply(3, 4), 12u);
  EXPECT_EQ(saturatingMultiply(uint64_t(1) << 32, uint64_t(1) << 32),
            UINT64_MAX);
  EXPECT_EQ(saturatingMultiply(0, UINT64_MAX), 0u);
  EXPECT_EQ(saturatingAdd(UINT64_MAX - 1, 1), UINT64_MAX);
  EXPECT_EQ(saturatingAdd(UINT64_MAX, 1), UINT64_MAX);
  EXPECT_EQ(saturatingAdd(2, 3), 5u);
}

TEST(Memory, FormatsBytes) {
  EXPECT_EQ(formatBytes(512), "512 bytes");
  EXPECT_EQ(formatBytes(1536), "1.5 KiB");
  EXPECT_EQ(formatBytes(uint64_t(3) << 30), "3.0 GiB");
  EXPECT_EQ(formatBytes(UINT64_MAX), "16 EiB or more");
}

TEST(Memory, ChecksAgainstPhysicalMemory) {
  const uint64_t gib = uint64_t(1) << 30;
  EXPECT_TRUE(checkMemoryNeed("x", 2 * gib, 2 * gib).ok());
  Status refused = checkMemoryNeed("--d=9: 9 x 9 features", 3 * gib, 2 * gib);
  ASSERT_TRUE(refused.failed());
  EXPECT_EQ(refused.message(), "--d=9: 9 x 9 features would need 3.0 GiB, "
                               "more than this machine's 2.0 GiB of physical "
                               "memory");
  // Unknown physical memory refuses nothing.
  EXPECT_TRUE(checkMemoryNeed("x", UINT64_MAX, 0).ok());
  // This machine reports its memory, and no machine has 2^64 bytes.
  EXPECT_GT(physicalMemoryBytes(), 0u);
  EXPECT_TRUE(checkMemoryNeed("x", UINT64_MAX).failed());
}

} // namespace
