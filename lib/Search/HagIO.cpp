//===- HagIO.cpp - hag v1 text writer and reader --------------------------===//
//
// The interchange format of docs/HagFormat.md. The reader trusts nothing:
// every id, count and the inputs-first order are checked, and any problem is
// reported as "FILE:LINE: reason" with no partial HAG returned.
//
//===----------------------------------------------------------------------===//
#include "hag/Search/HagIO.h"

#include "hag/Graph/OutputFile.h"

// The line and token scanner of the graph readers (internal to HagGraph).
#include "../Graph/TextScanner.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <unistd.h>

using namespace hag;
using namespace hag::detail;

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

namespace {
/// Formats the HAG in chunks of about 1 MiB, handing each to `sink`, which
/// returns false to stop.
template <typename Sink> bool emitHagText(const Hag &hag, Sink sink) {
  std::string buffer;
  buffer.reserve(1 << 20);
  auto number = [&](uint64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer.append(digits, end);
  };
  auto flushIfFull = [&]() {
    if (buffer.size() < (1 << 20))
      return true;
    bool ok = sink(buffer);
    buffer.clear();
    return ok;
  };
  buffer += "hag v1 ";
  buffer += aggregationKindName(hag.kind);
  buffer += ' ';
  number(hag.numNodes);
  buffer += ' ';
  number(hag.numAggNodes());
  buffer += '\n';
  buffer += "# ";
  if (hag.isTiled()) {
    number(hag.numTiles());
    buffer += " tiles; aggregation nodes are listed tile by tile\n";
    for (uint32_t t = 0; t < hag.numTiles(); ++t) {
      buffer += "t ";
      number(hag.tileNodeBegin[t]);
      buffer += ' ';
      number(uint64_t(hag.numNodes) + hag.tileAggBegin[t]);
      buffer += '\n';
      if (!flushIfFull())
        return false;
    }
  } else {
    number(hag.numLevels());
    buffer += " levels; aggregation nodes are listed level by level\n";
  }
  for (uint32_t k = 0; k < hag.numAggNodes(); ++k) {
    buffer += "a ";
    number(uint64_t(hag.numNodes) + k);
    buffer += ' ';
    number(hag.aggInputs[k][0]);
    for (size_t i = 1; i < hag.aggInputs[k].size(); ++i) {
      buffer += ' ';
      number(hag.aggInputs[k][i]);
    }
    buffer += '\n';
    if (!flushIfFull())
      return false;
  }
  for (NodeId v = 0; v < hag.numNodes; ++v) {
    NodeRange list = hag.list(v);
    if (list.empty())
      continue;
    buffer += "n ";
    number(v);
    buffer += ' ';
    number(list.size());
    for (NodeId u : list) {
      buffer += ' ';
      number(u);
    }
    buffer += '\n';
    if (!flushIfFull())
      return false;
  }
  return buffer.empty() || sink(buffer);
}
} // namespace

std::string hag::formatHagText(const Hag &hag) {
  std::string text;
  emitHagText(hag, [&](const std::string &chunk) {
    text += chunk;
    return true;
  });
  return text;
}

Status hag::writeHagText(const Hag &hag, const std::string &path) {
  OutputFile file(path);
  if (Status s = file.open(); s.failed())
    return s;
  emitHagText(hag, [&](const std::string &chunk) {
    file.append(chunk);
    return true;
  });
  return file.commit();
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

Expected<Hag> hag::parseHagText(std::string_view text,
                                const std::string &name) {
  LineReader lines(text);
  std::string_view line;
  bool haveHeader = false, inLists = false, inAggs = false;
  uint64_t numNodes = 0, numAgg = 0;
  Hag hag;
  // order[id - numNodes] = definition index + 1 (0: not defined yet).
  std::vector<uint32_t> order;
  std::vector<uint64_t> listStart, listLength;
  std::vector<NodeId> entries;
  std::vector<NodeId> aggLine;         // inputs of the current 'a' line
  std::optional<RepeatFinder> repeats; // set HAGs, from the first 'a' line
  while (lines.next(line)) {
    if (isBlank(line) || startsWithAny(line, "#"))
      continue;
    LineCursor cursor(name, lines.lineNumber(), line, Separators::Whitespace);
    std::string_view word;
    if (!haveHeader) {
      std::string_view magic, version, kind;
      if (!cursor.next(magic) || magic != "hag" || !cursor.next(version))
        return cursor.error("expected the header 'hag v1 <set|sequential> "
                            "<num_nodes> <num_agg_nodes>'");
      if (version != "v1")
        return cursor.error("unsupported version " + quote(version) +
                            " (this reader knows v1)");
      if (Status s = cursor.readToken(kind, "aggregation class"); s.failed())
        return s;
      if (kind == "set")
        hag.kind = AggregationKind::Set;
      else if (kind == "sequential")
        hag.kind = AggregationKind::Sequential;
      else
        return cursor.error("aggregation class must be set or sequential, "
                            "found " +
                            quote(kind));
      if (Status s = cursor.readIndex(numNodes, "node count", 0, kMaxNodeId);
          s.failed())
        return s;
      if (Status s = cursor.readIndex(numAgg, "aggregation node count", 0,
                                      uint64_t(kMaxNodeId) - numNodes);
          s.failed())
        return s;
      if (Status s = cursor.expectEnd("header has four fields"); s.failed())
        return s;
      // Sizes come from the header: cap them by what the text can hold so a
      // lying header cannot force a huge allocation.
      if (numAgg > text.size() / 8 || numNodes > text.size() * 8 + 1024)
        return cursor.error("header counts are larger than the file can hold");
      hag.numNodes = NodeId(numNodes);
      order.assign(numAgg, 0);
      listStart.assign(numNodes, 0);
      listLength.assign(numNodes, 0);
      haveHeader = true;
      continue;
    }
    const uint64_t total = numNodes + numAgg;
    if (Status s = cursor.readToken(word, "line kind ('a' or 'n')"); s.failed())
      return s;
    if (word == "t") {
      if (inLists || inAggs)
        return cursor.error("tile line after an 'a' or 'n' line: all 't' "
                            "lines come first");
      uint64_t first = 0, firstAgg = 0;
      uint64_t lastNode = hag.tileNodeBegin.empty()
                              ? 0
                              : uint64_t(hag.tileNodeBegin.back()) + 1;
      uint64_t lastAgg = hag.tileAggBegin.empty() ? 0 : hag.tileAggBegin.back();
      if (numNodes == 0)
        return cursor.error("tile line for a graph of no nodes");
      if (Status s = cursor.readIndex(first, "first node of the tile", lastNode,
                                      numNodes - 1);
          s.failed())
        return s;
      if (hag.tileNodeBegin.empty() && first != 0)
        return cursor.error("the first tile must start at node 0");
      if (Status s =
              cursor.readIndex(firstAgg, "first aggregation node of the tile",
                               numNodes + lastAgg, total);
          s.failed())
        return s;
      if (hag.tileAggBegin.empty() && firstAgg != numNodes)
        return cursor.error("the first tile must start at aggregation node " +
                            std::to_string(numNodes));
      if (Status s = cursor.expectEnd("'t' line has a node and an "
                                      "aggregation node id");
          s.failed())
        return s;
      hag.tileNodeBegin.push_back(NodeId(first));
      hag.tileAggBegin.push_back(uint32_t(firstAgg - numNodes));
      continue;
    }
    if (word == "a") {
      inAggs = true;
      if (inLists)
        return cursor.error("aggregation node after an input list: all 'a' "
                            "lines must come before the 'n' lines");
      uint64_t id = 0;
      if (numAgg == 0)
        return cursor.error("aggregation node line, but the header declares "
                            "no aggregation nodes");
      if (Status s =
              cursor.readIndex(id, "aggregation node id", numNodes, total - 1);
          s.failed())
        return s;
      if (order[id - numNodes])
        return cursor.error("aggregation node " + std::to_string(id) +
                            " is defined twice");
      // Two inputs (the paper's HAG) or more (a --max-inputs search).
      // remaining() scans the rest of the line: once per line, not per input.
      if (size_t inputs = cursor.remaining(); inputs < 2)
        return cursor.error("'a' line has an id and at least two inputs, "
                            "found " +
                            std::to_string(inputs) + " input(s)");
      aggLine.clear();
      while (!cursor.atEnd()) {
        uint64_t input = 0;
        if (Status s = cursor.readIndex(input, "input id", 0, total - 1);
            s.failed())
          return s;
        if (input >= numNodes && !order[input - numNodes])
          return cursor.error("aggregation node " + std::to_string(id) +
                              " reads " + std::to_string(input) +
                              ", which is not defined before it");
        aggLine.push_back(NodeId(input));
      }
      // A set node covers each input once (Hag.h); a sequential node may
      // fold one input twice (a prefix of a multigraph's row).
      if (hag.kind == AggregationKind::Set) {
        if (!repeats)
          repeats.emplace(total);
        if (std::optional<NodeId> twice = repeats->firstRepeat(
                NodeRange(aggLine.data(), aggLine.data() + aggLine.size())))
          return cursor.error(repeatedInputMessage(NodeId(id), *twice));
      }
      order[id - numNodes] = uint32_t(hag.aggInputs.size() + 1);
      // Store inputs by file id for now; renumbered below.
      hag.aggInputs.append(aggLine.begin(), aggLine.end());
      continue;
    }
    if (word == "n") {
      inLists = true;
      uint64_t v = 0, k = 0;
      if (Status s = cursor.readIndex(v, "input node id", 0,
                                      numNodes ? numNodes - 1 : 0);
          s.failed())
        return s;
      if (numNodes == 0)
        return cursor.error("input list for a graph of no nodes");
      if (listLength[v])
        return cursor.error("node " + std::to_string(v) +
                            " has two input lists");
      // No bound from the node counts: a sequential list on a multigraph
      // names one node many times. The tokens on the line bound k.
      if (Status s = cursor.readIndex(k, "list length", 1, UINT64_MAX);
          s.failed())
        return s;
      if (size_t inputs = cursor.remaining(); inputs != k)
        return cursor.error("list of node " + std::to_string(v) + " declares " +
                            std::to_string(k) + " inputs but has " +
                            std::to_string(inputs));
      listStart[v] = entries.size();
      listLength[v] = k;
      for (uint64_t i = 0; i < k; ++i) {
        uint64_t u = 0;
        if (Status s = cursor.readIndex(u, "input id", 0, total - 1);
            s.failed())
          return s;
        entries.push_back(NodeId(u));
      }
      continue;
    }
    return cursor.error("expected a line starting with 'a' or 'n', found " +
                        quote(word));
  }
  if (!haveHeader)
    return Status::error(name + ": no 'hag v1' header (empty file?)");
  if (hag.aggInputs.size() != numAgg)
    return Status::error(name + ": header declares " + std::to_string(numAgg) +
                         " aggregation nodes but " +
                         std::to_string(hag.aggInputs.size()) + " are defined");

  if (hag.isTiled()) {
    // Tile boundaries name file ids, so the file must define them in id
    // order (as this library writes them).
    for (uint64_t k = 0; k < numAgg; ++k)
      if (order[k] != k + 1)
        return Status::error(name +
                             ": a tiled HAG must define its "
                             "aggregation nodes in id order; " +
                             std::to_string(numNodes + k) + " is out of order");
    hag.tileNodeBegin.push_back(NodeId(numNodes));
    hag.tileAggBegin.push_back(uint32_t(numAgg));
  }
  // Renumber aggregation nodes in definition order (inputs first), which is
  // the identity for files this library wrote.
  auto remap = [&](NodeId id) {
    return id < numNodes ? id : NodeId(numNodes + order[id - numNodes] - 1);
  };
  for (size_t k = 0; k < hag.aggInputs.size(); ++k) {
    NodeId *in = hag.aggInputs.mutableInputs(k);
    for (size_t i = 0; i < hag.aggInputs[k].size(); ++i)
      in[i] = remap(in[i]);
  }
  hag.listOffsets.assign(numNodes + 1, 0);
  hag.listIndices.reserve(entries.size());
  for (uint64_t v = 0; v < numNodes; ++v) {
    for (uint64_t i = 0; i < listLength[v]; ++i)
      hag.listIndices.push_back(remap(entries[listStart[v] + i]));
    hag.listOffsets[v + 1] = hag.listIndices.size();
  }
  if (!hag.isTiled()) {
    levelize(hag);
    return hag;
  }
  hag.levelBegin.assign(1, 0);
  if (numAgg)
    hag.levelBegin.push_back(uint32_t(numAgg));
  if (Status s = verifyHagStructure(hag); s.failed())
    return Status::error(name + ": " + s.message());
  return hag;
}

Expected<Hag> hag::readHagText(const std::string &path) {
  Expected<TextFile> file = TextFile::load(path);
  if (file.failed())
    return file.status();
  return parseHagText(file->text(), path);
}
