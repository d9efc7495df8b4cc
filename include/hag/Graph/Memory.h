//===- Memory.h - Checking a size against this machine's memory -*- C++ -*-===//
//
// One place for the question every tool and generator asks before a large
// allocation: does it fit in this machine's physical memory at all? A request
// beyond it cannot succeed, and allocating first ends in "LLVM ERROR: out of
// memory" or the kernel's OOM killer instead of a message naming the option
// that asked for it. Sizes are computed with saturating arithmetic, so an
// absurd request is refused instead of wrapping around to a small one.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_GRAPH_MEMORY_H
#define HAG_GRAPH_MEMORY_H

#include "hag/Graph/Status.h"

#include <cstdint>
#include <string>

namespace hag {

/// Bytes of physical memory on this machine; 0 when the system does not say.
uint64_t physicalMemoryBytes();

/// a * b, or UINT64_MAX where the product does not fit.
uint64_t saturatingMultiply(uint64_t a, uint64_t b);
/// a + b, or UINT64_MAX where the sum does not fit.
uint64_t saturatingAdd(uint64_t a, uint64_t b);

/// "512 bytes", "1.5 GiB", ...; UINT64_MAX (a saturated size) reads
/// "16 EiB or more".
std::string formatBytes(uint64_t bytes);

/// Success if `bytes` fit in `physicalBytes` (0: unknown, never refused);
/// otherwise "WHAT would need N, more than this machine's M of physical
/// memory".
/// `what` names the request, e.g. "--d=99999999: 2708 x 99999999 features".
Status checkMemoryNeed(const std::string &what, uint64_t bytes,
                       uint64_t physicalBytes = physicalMemoryBytes());

} // namespace hag

#endif // HAG_GRAPH_MEMORY_H
