//===- GraphIO.h - Reading and writing graph files -------------*- C++ -*-===//
//
// One reader per format, all producing a CSR graph under the convention of
// Csr.h (edge u -> v: v aggregates u). Every reader either returns the whole
// graph or one error naming the file, the line (or byte offset) and the
// reason; none of them returns a partial graph. docs/GraphFormats.md describes
// each format, its edge direction and its defaults.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_GRAPH_GRAPHIO_H
#define HAG_GRAPH_GRAPHIO_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"

#include <optional>
#include <string>

namespace hag {

/// The file formats hag reads.
enum class GraphFormat {
  Auto,      ///< Detect from the path and the first bytes.
  EdgeList,  ///< "u v" or "u,v" per line; '#'/'%' comments.
  Mtx,       ///< Matrix Market coordinate; entry (i, j) is edge j -> i.
  Tu,        ///< TU dataset folder: DS_A.txt + DS_graph_indicator.txt.
  Dgcnn,     ///< GIN/DGCNN text: graphs of "tag m nbr..." node lines.
  Cites,     ///< LINQS .cites (or .cites.tab) with arbitrary paper ids.
  BinaryCsr, ///< hag's own binary CSR (docs/GraphFormats.md).
};

/// Parses a format name ("auto", "edgelist", "mtx", "tu", "dgcnn", "cites",
/// "csr"); std::nullopt if unknown.
std::optional<GraphFormat> parseGraphFormat(const std::string &name);
/// The name parseGraphFormat accepts for `format`.
const char *graphFormatName(GraphFormat format);

/// Options shared by all readers.
struct ReadOptions {
  GraphFormat format = GraphFormat::Auto;
  /// First id in edge-list files (0 or 1). Other formats fix their own base.
  unsigned base = 0;
  /// Add reverse edges. Unset: the format's default, which is true for LINQS
  /// citation graphs (GNNs use them undirected) and false for all others
  /// (TU, DGCNN and symmetric Matrix Market files already hold both
  /// directions).
  std::optional<bool> symmetrize;
  /// Keep only the first of repeated edges.
  bool dropDuplicates = true;
  /// Drop edges u -> u (GNN layers add self-loops themselves, on purpose).
  bool dropSelfLoops = true;
  /// Accept a node count the file states or implies (an edge list's largest
  /// id, a Matrix Market size line) above 64 x its edges + 2^20. Off: such a
  /// file is refused before anything is allocated for its mostly empty rows,
  /// since a stray number would otherwise cost gigabytes. A count whose CSR
  /// cannot fit in physical memory is refused either way.
  bool allowSparseNodes = false;
};

/// Resolves GraphFormat::Auto for `path`: a directory or a "*_A.txt" file is
/// a TU dataset, ".mtx" Matrix Market, ".cites"/".cites.tab" LINQS, a file
/// starting with the binary CSR magic is BinaryCsr, a ".txt" file whose first
/// two lines are "N" and "n label" is DGCNN, anything else an edge list.
Expected<GraphFormat> detectGraphFormat(const std::string &path);

/// Reads a graph in any supported format.
/// `format`, when given, is set to the format read (the detected one for
/// Auto). Detection and reading see one read of a stream (a pipe, a FIFO).
Expected<Csr> readGraph(const std::string &path, const ReadOptions &options,
                        GraphFormat *format = nullptr);

/// The readers behind readGraph, one per format.
Expected<Csr> readEdgeList(const std::string &path, const ReadOptions &options);
Expected<Csr> readMatrixMarket(const std::string &path,
                               const ReadOptions &options);
Expected<Csr> readTuDataset(const std::string &path,
                            const ReadOptions &options);
Expected<Csr> readDgcnn(const std::string &path, const ReadOptions &options);
Expected<Csr> readCites(const std::string &path, const ReadOptions &options);
/// Reads hag's binary CSR; ReadOptions' edge filters do not apply (the file
/// holds a finished graph).
Expected<Csr> readBinaryCsr(const std::string &path);

/// Writes hag's binary CSR (little-endian, checksummed). The file is written
/// to a temporary name and renamed, so a failure never leaves a partial file.
Status writeBinaryCsr(const Csr &graph, const std::string &path);

/// Writes "u v" lines (0-based), one per edge, in row order.
Status writeEdgeList(const Csr &graph, const std::string &path);

} // namespace hag

#endif // HAG_GRAPH_GRAPHIO_H
