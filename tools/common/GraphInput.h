//===- GraphInput.h - Graph input options shared by the tools --*- C++ -*-===//
//
// The --format/--base/--symmetrize/... options and the loading of the input
// graph, from a file or a generator spec, for hag-search and hag-graph, so
// both tools spell and apply them the same way.
//
//===----------------------------------------------------------------------===//
#ifndef HAG_TOOLS_COMMON_GRAPHINPUT_H
#define HAG_TOOLS_COMMON_GRAPHINPUT_H

#include "hag/Graph/Csr.h"
#include "hag/Graph/Status.h"

#include "llvm/Support/CommandLine.h"

#include <string>
#include <string_view>

namespace hag {
namespace tools {

/// The option category of the graph input options.
llvm::cl::OptionCategory &graphInputCategory();

/// A loaded input graph and where it came from.
struct InputGraph {
  Csr graph;
  /// The file or generator spec.
  std::string name;
  /// The format read ("generated" for a spec).
  std::string format;
  double readSeconds = 0;
};

/// Loads `input` with the graph input options: a file, or a generator spec
/// "rmat:..." / "ego:..." when --generate is given instead. `inputSyntax` is
/// how the tool takes its file ("a file", "--graph=FILE"), for the errors
/// that say none or both were given.
Expected<InputGraph> loadInputGraph(const std::string &input,
                                    std::string_view inputSyntax = "a file");

/// The value of --generate (empty when unset).
const std::string &generateSpec();

/// Peak resident set size of this process in bytes.
uint64_t peakRssBytes();

} // namespace tools
} // namespace hag

#endif // HAG_TOOLS_COMMON_GRAPHINPUT_H
