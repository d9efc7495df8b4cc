//===- BinaryCsr.cpp - Binary CSR files and edge-list output --------------===//
//
// The checksummed little-endian CSR format (layout in docs/GraphFormats.md),
// read with its size checked against the header before any allocation, and
// the writers (through OutputFile: a temporary file and a rename).
//
//===----------------------------------------------------------------------===//
#include "TextScanner.h"

#include "hag/Graph/GraphIO.h"
#include "hag/Graph/OutputFile.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace hag;
using namespace hag::detail;

namespace {

constexpr char kMagic[8] = {'H', 'A', 'G', 'C', 'S', 'R', '1', '\n'};
/// Magic, node count, edge count.
constexpr uint64_t kHeaderBytes = 24;
constexpr uint64_t kChecksumBytes = 8;
constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

/// FNV-1a 64 over `size` bytes, continuing from `hash`.
uint64_t fnv1a(uint64_t hash, const void *data, size_t size) {
  const unsigned char *bytes = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= kFnvPrime;
  }
  return hash;
}

/// The format stores integers little-endian and the arrays are read and
/// written as raw memory, which is only right on a little-endian host.
bool hostIsLittleEndian() {
  const uint16_t probe = 1;
  unsigned char first;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

Status bigEndianError(const std::string &path) {
  return fileError(path, "hag binary CSR files are little-endian and this "
                         "host is big-endian; convert the graph with an edge "
                         "list instead");
}

uint64_t loadU64(const unsigned char *bytes) {
  uint64_t value;
  std::memcpy(&value, bytes, sizeof(value));
  return value;
}

/// A graph is checked before it is written: writing walks its offsets, and a
/// file that could not be read back is worse than no file.
Status checkWritable(const Csr &graph, const std::string &path) {
  if (Status s = graph.validate(); s.failed())
    return fileError(path, "cannot write an invalid graph: " + s.message());
  return Status::success();
}

} // namespace

Expected<Csr> hag::readBinaryCsr(const std::string &path) {
  if (!hostIsLittleEndian())
    return bigEndianError(path);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fileError(path, errnoReason(errno));
  FdCloser closer(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0)
    return fileError(path, errnoReason(errno));
  if (S_ISDIR(info.st_mode))
    return fileError(path, "is a directory, expected a file");
  if (!S_ISREG(info.st_mode))
    return fileError(path, "not a regular file (the binary CSR reader checks "
                           "the file size before reading)");
  uint64_t fileBytes = static_cast<uint64_t>(info.st_size);
  if (fileBytes == 0)
    return fileError(path, "file is empty");

  unsigned char header[kHeaderBytes];
  size_t headerBytes =
      static_cast<size_t>(std::min<uint64_t>(fileBytes, kHeaderBytes));
  if (readFully(fd, reinterpret_cast<char *>(header), headerBytes) !=
      static_cast<int64_t>(headerBytes))
    return fileError(path, "cannot read: " + errnoReason(errno));
  size_t magicBytes = std::min<size_t>(headerBytes, sizeof(kMagic));
  if (std::memcmp(header, kMagic, magicBytes) != 0)
    return fileError(path, "not a hag binary CSR file (bad magic)");
  if (headerBytes < kHeaderBytes)
    return fileError(path, "truncated: the file has " +
                               std::to_string(fileBytes) +
                               " bytes, less than the 24-byte header");

  uint64_t numNodes = loadU64(header + 8);
  uint64_t numEdges = loadU64(header + 16);
  // Ids are below numNodes, so numNodes itself may be one past kMaxNodeId.
  if (numNodes > uint64_t(kMaxNodeId) + 1)
    return fileError(path, "header says " + std::to_string(numNodes) +
                               " nodes, more than 32-bit node ids allow");
  // Check the size the header implies against the real one before
  // allocating anything, so a corrupt count cannot ask for terabytes.
  std::string counts = "header says " + std::to_string(numNodes) +
                       " nodes and " + std::to_string(numEdges) + " edges";
  uint64_t fixedBytes = kHeaderBytes + 8 * (numNodes + 1) + kChecksumBytes;
  if (numEdges > (UINT64_MAX - fixedBytes) / 4)
    return fileError(path, "truncated: " + counts +
                               ", which needs more bytes than any file "
                               "holds, but the file has " +
                               std::to_string(fileBytes) + " bytes");
  uint64_t expectedBytes = fixedBytes + 4 * numEdges;
  if (fileBytes < expectedBytes)
    return fileError(path, "truncated: " + counts + ", which needs " +
                               std::to_string(expectedBytes) +
                               " bytes, but the file has " +
                               std::to_string(fileBytes) + " bytes");
  if (fileBytes > expectedBytes)
    return fileError(path, counts + ", which needs " +
                               std::to_string(expectedBytes) +
                               " bytes, but the file has " +
                               std::to_string(fileBytes - expectedBytes) +
                               " trailing byte(s)");

  Csr graph;
  graph.numNodes = static_cast<NodeId>(numNodes);
  graph.offsets.resize(numNodes + 1);
  graph.indices.resize(numEdges);
  uint64_t checksum = fnv1a(kFnvOffsetBasis, header, kHeaderBytes);
  auto readArray = [&](void *data, uint64_t bytes) -> Status {
    int64_t got = readFully(fd, static_cast<char *>(data), bytes);
    if (got < 0)
      return fileError(path, "cannot read: " + errnoReason(errno));
    if (static_cast<uint64_t>(got) != bytes)
      return fileError(path, "truncated: the file shrank while it was read");
    checksum = fnv1a(checksum, data, bytes);
    return Status::success();
  };
  if (Status s = readArray(graph.offsets.data(), 8 * (numNodes + 1));
      s.failed())
    return s;
  if (Status s = readArray(graph.indices.data(), 4 * numEdges); s.failed())
    return s;
  unsigned char stored[kChecksumBytes];
  if (readFully(fd, reinterpret_cast<char *>(stored), kChecksumBytes) !=
      static_cast<int64_t>(kChecksumBytes))
    return fileError(path, "truncated: the file shrank while it was read");
  if (loadU64(stored) != checksum)
    return fileError(path, "checksum mismatch: file is corrupt");
  if (Status s = graph.validate(); s.failed())
    return fileError(path, s.message());
  return graph;
}

Status hag::writeBinaryCsr(const Csr &graph, const std::string &path) {
  if (!hostIsLittleEndian())
    return bigEndianError(path);
  if (Status s = checkWritable(graph, path); s.failed())
    return s;
  OutputFile writer(path);
  if (Status s = writer.open(); s.failed())
    return s;
  uint64_t checksum = kFnvOffsetBasis;
  auto put = [&](const void *data, size_t size) {
    checksum = fnv1a(checksum, data, size);
    writer.append(data, size);
  };
  uint64_t numNodes = graph.numNodes;
  uint64_t numEdges = graph.numEdges();
  put(kMagic, sizeof(kMagic));
  put(&numNodes, sizeof(numNodes));
  put(&numEdges, sizeof(numEdges));
  put(graph.offsets.data(), graph.offsets.size() * sizeof(uint64_t));
  put(graph.indices.data(), graph.indices.size() * sizeof(NodeId));
  writer.append(&checksum, sizeof(checksum));
  return writer.commit();
}

Status hag::writeEdgeList(const Csr &graph, const std::string &path) {
  if (Status s = checkWritable(graph, path); s.failed())
    return s;
  OutputFile writer(path);
  if (Status s = writer.open(); s.failed())
    return s;
  // The node count first: readEdgeList keeps the nodes no edge names
  // (above the largest id, or every node of a graph without edges) only from
  // this line; other readers skip it as a comment.
  writer.append("# nodes " + std::to_string(graph.numNodes) + "\n");
  // A 32-bit id has at most 10 digits, so each to_chars below has room.
  constexpr size_t kIdChars = 10;
  char line[2 * kIdChars + 2];
  for (NodeId v = 0; v < graph.numNodes; ++v) {
    for (NodeId u : graph.row(v)) {
      char *end = std::to_chars(line, line + kIdChars, u).ptr;
      *end++ = ' ';
      end = std::to_chars(end, end + kIdChars, v).ptr;
      *end++ = '\n';
      writer.append(line, static_cast<size_t>(end - line));
    }
  }
  return writer.commit();
}
