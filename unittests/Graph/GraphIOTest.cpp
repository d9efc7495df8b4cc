//===- GraphIOTest.cpp - Tests of the graph file readers and writers ------===//
//
// Each format's happy path with exact rows, every class of bad input with the
// file, line and reason checked, the binary CSR round trip and corruption
// checks, format detection, and the real datasets' node and edge counts.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/GraphIO.h"
#include "hag/Graph/Memory.h"

#include "gtest/gtest.h"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

using namespace hag;
namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::vector<NodeId>>;

std::vector<std::vector<NodeId>> rowsOf(const Csr &graph) {
  Rows rows;
  for (NodeId v = 0; v < graph.numNodes; ++v)
    rows.emplace_back(graph.row(v).begin(), graph.row(v).end());
  return rows;
}

/// A fresh folder per test under gtest's temporary directory.
class GraphIOTest : public ::testing::Test {
protected:
  void SetUp() override {
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("hag_graphio_" + std::string(info->name()) + "_" +
            std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
    ASSERT_FALSE(ec) << ec.message();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string path(const std::string &name) const {
    return (dir_ / name).string();
  }

  /// Writes `contents` to `name` in the test folder and returns its path.
  std::string write(const std::string &name, const std::string &contents) {
    std::string file = path(name);
    fs::create_directories(fs::path(file).parent_path());
    std::ofstream out(file, std::ios::binary);
    out << contents;
    out.close();
    EXPECT_TRUE(out.good()) << file;
    return file;
  }

  static std::string slurp(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  fs::path dir_;
};

/// Checks a failure whose message names `file`, the line (when `line` > 0,
/// as "file:LINE:") and contains `phrase`.
template <typename T>
void expectError(const Expected<T> &result, const std::string &file, int line,
                 const std::string &phrase) {
  ASSERT_TRUE(result.failed())
      << "expected an error containing '" << phrase << "'";
  const std::string &message = result.message();
  EXPECT_NE(message.find(file), std::string::npos) << message;
  if (line > 0) {
    EXPECT_NE(message.find(file + ":" + std::to_string(line) + ":"),
              std::string::npos)
        << message;
  }
  EXPECT_NE(message.find(phrase), std::string::npos) << message;
}

void expectError(const Status &status, const std::string &file,
                 const std::string &phrase) {
  ASSERT_TRUE(status.failed())
      << "expected an error containing '" << phrase << "'";
  EXPECT_NE(status.message().find(file), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(phrase), std::string::npos)
      << status.message();
}

ReadOptions withBase(unsigned base) {
  ReadOptions options;
  options.base = base;
  return options;
}

ReadOptions keepEverything() {
  ReadOptions options;
  options.dropDuplicates = false;
  options.dropSelfLoops = false;
  return options;
}

//===----------------------------------------------------------------------===//
// Edge lists
//===----------------------------------------------------------------------===//

TEST_F(GraphIOTest, EdgeListHappyPath) {
  std::string file = write("g.txt", "# comment\n"
                                    "% another comment\n"
                                    "0 1\n"
                                    "\n"
                                    "2,1\n"
                                    "  1 , 0  \n"
                                    "   # indented comment\n"
                                    "0\t2 3.5\n"
                                    "2, 0,, -1e-3\n");
  Expected<Csr> graph = readEdgeList(file, ReadOptions());
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(graph->numNodes, 3u);
  // Line "u v" is edge u -> v: row v lists u, in file order.
  EXPECT_EQ(rowsOf(*graph), (Rows{{1, 2}, {0, 2}, {0}}));
  EXPECT_TRUE(graph->validate().ok());
}

TEST_F(GraphIOTest, EdgeListCrlfAndNoFinalNewline) {
  std::string file = write("g.txt", "0 1\r\n1 2\r\n\r\n2 0");
  Expected<Csr> graph = readEdgeList(file, ReadOptions());
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(rowsOf(*graph), (Rows{{2}, {0}, {1}}));
}

TEST_F(GraphIOTest, EdgeListBaseOne) {
  std::string file = write("g.txt", "1 2\n3 2\n2 3\n");
  Expected<Csr> graph = readEdgeList(file, withBase(1));
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(rowsOf(*graph), (Rows{{}, {0, 2}, {1}}));

  std::string zero = write("zero.txt", "1 2\n0 1\n");
  expectError(readEdgeList(zero, withBase(1)), zero, 2,
              "node id 0 is below the base 1");
  expectError(readEdgeList(file, withBase(2)), file, 0,
              "unsupported id base 2");
}

TEST_F(GraphIOTest, EdgeListFilterOptions) {
  std::string file = write("g.txt", "0 0\n0 1\n0 1\n1 0\n");
  Expected<Csr> defaults = readEdgeList(file, ReadOptions());
  ASSERT_TRUE(defaults.ok()) << defaults.message();
  EXPECT_EQ(rowsOf(*defaults), (Rows{{1}, {0}}));

  Expected<Csr> raw = readEdgeList(file, keepEverything());
  ASSERT_TRUE(raw.ok()) << raw.message();
  EXPECT_EQ(rowsOf(*raw), (Rows{{0, 1}, {0, 0}}));

  ReadOptions symmetric;
  symmetric.symmetrize = true;
  std::string path2 = write("p.txt", "0 1\n2 1\n");
  Expected<Csr> sym = readEdgeList(path2, symmetric);
  ASSERT_TRUE(sym.ok()) << sym.message();
  EXPECT_EQ(rowsOf(*sym), (Rows{{1}, {0, 2}, {1}}));
  // Edge lists are not symmetrized by default.
  Expected<Csr> directed = readEdgeList(path2, ReadOptions());
  ASSERT_TRUE(directed.ok()) << directed.message();
  EXPECT_EQ(rowsOf(*directed), (Rows{{}, {0, 2}, {}}));
}

TEST_F(GraphIOTest, EdgeListBadTokens) {
  struct Case {
    const char *text;
    int line;
    const char *phrase;
  } cases[] = {
      {"0 1\n0 abc\n", 2, "expected a node id, found 'abc'"},
      {"0 1\n-3 1\n", 2, "negative node id '-3'"},
      {"99999999999999 1\n", 1, "node id '99999999999999' overflows 32 bits"},
      {"0 99999999999999999999999\n", 1, "overflows 32 bits"},
      {"4294967295 0\n", 1, "overflows 32 bits"},
      {"0 1\n1 2\n0 1 2 3\n", 3, "found extra token '3'"},
      {"0 1 heavy\n", 1, "expected a numeric weight, found 'heavy'"},
      {"0 1\n\n7\n", 3, "expected a node id, found end of line"},
      {"0 1.5\n", 1, "expected a node id, found '1.5'"},
      {"0 1 # trailing comment\n", 1, "expected a numeric weight, found '#'"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.text);
    std::string file = write("bad.txt", c.text);
    expectError(readEdgeList(file, ReadOptions()), file, c.line, c.phrase);
  }
}

TEST_F(GraphIOTest, EdgeListNoEdges) {
  std::string file = write("g.txt", "# only a comment\n\n   \n% and another\n");
  expectError(readEdgeList(file, ReadOptions()), file, 0, "no edges found");
}

TEST_F(GraphIOTest, EdgeListRefusesSparseIds) {
  std::string file = write("g.txt", "0 1\n1 2\n5000000 0\n");
  Expected<Csr> graph = readEdgeList(file, ReadOptions());
  expectError(graph, file, 3, "must be dense");
  EXPECT_NE(graph.message().find("--format=cites"), std::string::npos)
      << graph.message();
  EXPECT_NE(graph.message().find("--allow-sparse-nodes"), std::string::npos)
      << graph.message();
  // A large but plausible id space is fine: 2^20 slack.
  std::string ok = write("ok.txt", "0 1\n1000000 2\n");
  Expected<Csr> dense = readEdgeList(ok, ReadOptions());
  ASSERT_TRUE(dense.ok()) << dense.message();
  EXPECT_EQ(dense->numNodes, 1000001u);
  // The option reads the sparse file as it is.
  ReadOptions sparse;
  sparse.allowSparseNodes = true;
  Expected<Csr> allowed = readEdgeList(file, sparse);
  ASSERT_TRUE(allowed.ok()) << allowed.message();
  EXPECT_EQ(allowed->numNodes, 5000001u);
}

//===----------------------------------------------------------------------===//
// Matrix Market
//===----------------------------------------------------------------------===//

TEST_F(GraphIOTest, MtxGeneralInteger) {
  std::string file =
      write("m.mtx", "%%MatrixMarket matrix coordinate integer general\n"
                     "% a comment\n"
                     "%\n"
                     "3 3 4\n"
                     "1 2 5\n"
                     "3 1 -2\n"
                     "\n"
                     "2 3 7\n"
                     "1 3 +1\n");
  Expected<Csr> graph = readMatrixMarket(file, ReadOptions());
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(graph->numNodes, 3u);
  // Entry (i, j) is edge j -> i: row i-1 lists j-1.
  EXPECT_EQ(rowsOf(*graph), (Rows{{1, 2}, {2}, {0}}));
}

TEST_F(GraphIOTest, MtxPatternSymmetric) {
  std::string file =
      write("m.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n"
                     "3 3 3\n"
                     "2 1\n"
                     "3 1\n"
                     "3 3\n");
  Expected<Csr> graph = readMatrixMarket(file, ReadOptions());
  ASSERT_TRUE(graph.ok()) << graph.message();
  // Stored entries first, then the mirrored ones; the diagonal once.
  EXPECT_EQ(rowsOf(*graph), (Rows{{1, 2}, {0}, {0}}));
  Expected<Csr> loops = readMatrixMarket(file, keepEverything());
  ASSERT_TRUE(loops.ok()) << loops.message();
  EXPECT_EQ(rowsOf(*loops), (Rows{{1, 2}, {0}, {0, 2}}));
}

TEST_F(GraphIOTest, MtxRealCaseInsensitiveHeader) {
  std::string file =
      write("m.mtx", "%%matrixmarket MATRIX Coordinate REAL General\r\n"
                     "2 2 2\r\n"
                     "1 2 1.5e-3\r\n"
                     "2 1 -4\r\n");
  Expected<Csr> graph = readMatrixMarket(file, ReadOptions());
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(rowsOf(*graph), (Rows{{1}, {0}}));
}

TEST_F(GraphIOTest, MtxBadHeaders) {
  struct Case {
    const char *header;
    const char *phrase;
  } cases[] = {
      {"%%MatrixMarket matrix array real general", "'array'"},
      {"%%MatrixMarket matrix coordinate complex general", "'complex'"},
      {"%%MatrixMarket matrix coordinate real hermitian", "'hermitian'"},
      {"%%MatrixMarket matrix coordinate real skew-symmetric",
       "'skew-symmetric'"},
      {"%%MatrixMarket vector coordinate real general", "'vector'"},
      {"%%MatrixMarket matrix coordinate real", "missing the symmetry"},
      {"%%MatrixMarket matrix coordinate real general extra",
       "found extra token 'extra'"},
      {"% just a comment", "missing Matrix Market header"},
      {"3 3 1", "missing Matrix Market header"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.header);
    std::string file =
        write("bad.mtx", std::string(c.header) + "\n3 3 1\n1 1 1\n");
    expectError(readMatrixMarket(file, ReadOptions()), file, 1, c.phrase);
  }
}

TEST_F(GraphIOTest, MtxBadBody) {
  const std::string pattern =
      "%%MatrixMarket matrix coordinate pattern general\n";
  const std::string integer =
      "%%MatrixMarket matrix coordinate integer general\n";
  const std::string real = "%%MatrixMarket matrix coordinate real general\n";
  struct Case {
    std::string text;
    int line;
    const char *phrase;
  } cases[] = {
      {pattern + "3 4 1\n1 1\n", 2, "adjacency matrix must be square"},
      {pattern + "0 0 0\n", 2, "0 rows"},
      {pattern + "3 3\n", 2, "expected an entry count, found end of line"},
      {pattern + "3 3 1\n4 1\n", 3, "row index '4' is out of range 1..3"},
      {pattern + "3 3 2\n1 1\n1 0\n", 4,
       "column index '0' is out of range 1..3"},
      {pattern + "3 3 1\nx 1\n", 3, "expected a row index, found 'x'"},
      {pattern + "3 3 1\n1 2 1\n", 3, "without a value"},
      {pattern + "3 3 1\n1 2\n2 1\n", 4, "more entries than the 1 declared"},
      {integer + "3 3 1\n1 2\n", 3,
       "expected an integer value, found end of line"},
      {integer + "3 3 1\n1 2 2.5\n", 3, "expected an integer value"},
      {real + "3 3 1\n1 2 abc\n", 3, "expected a numeric value, found 'abc'"},
      {real + "3 3 1\n1 2 1 7\n", 3, "found extra token '7'"},
      {pattern + "% only comments\n", 0, "missing the size line"},
      {pattern + "3 3 3\n1 2\n2 3\n", 0,
       "truncated: expected 3 entries, "
       "found 2"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.text);
    std::string file = write("bad.mtx", c.text);
    expectError(readMatrixMarket(file, ReadOptions()), file, c.line, c.phrase);
  }
}

// The size line's row count is one number: the edge-list reader's density
// guard applies to it, before a row is allocated per declared node (a 60-byte
// file used to ask for 4294967295 rows, about 80 GiB).
TEST_F(GraphIOTest, MtxRefusesSparseRowCount) {
  const std::string header =
      "%%MatrixMarket matrix coordinate pattern general\n% comment\n";
  std::string huge = write("huge.mtx", header + "4294967295 4294967295 0\n");
  Expected<Csr> graph = readMatrixMarket(huge, ReadOptions());
  expectError(graph, huge, 3,
              "the size line's 4294967295 rows would make a "
              "graph of 4294967295 nodes for only 0 entries");
  EXPECT_NE(graph.message().find("--allow-sparse-nodes"), std::string::npos)
      << graph.message();
  // Through readGraph's detection too.
  expectError(readGraph(huge, ReadOptions()), huge, 3, "4294967295 rows");

  // 64 x entries + 2^20 is the limit, as for edge lists.
  std::string atLimit = write("limit.mtx", header + "1048640 1048640 1\n1 2\n");
  Expected<Csr> dense = readMatrixMarket(atLimit, ReadOptions());
  ASSERT_TRUE(dense.ok()) << dense.message();
  EXPECT_EQ(dense->numNodes, 1048640u);
  std::string overLimit =
      write("over.mtx", header + "1048641 1048641 1\n1 2\n");
  expectError(readMatrixMarket(overLimit, ReadOptions()), overLimit, 3,
              "1048641 rows");

  // The option accepts a sparse count...
  ReadOptions sparse;
  sparse.allowSparseNodes = true;
  Expected<Csr> allowed = readMatrixMarket(overLimit, sparse);
  ASSERT_TRUE(allowed.ok()) << allowed.message();
  EXPECT_EQ(allowed->numNodes, 1048641u);
  EXPECT_EQ(allowed->numEdges(), 1u);
  // ...but not one whose CSR outgrows physical memory (20 bytes a node at
  // least), which would end in an out-of-memory abort instead of a message.
  if (physicalMemoryBytes() == 0 ||
      physicalMemoryBytes() >= 20 * uint64_t(4294967295))
    GTEST_SKIP() << "this machine could hold 4294967295 rows";
  expectError(readMatrixMarket(huge, sparse), huge, 3,
              "a graph of 4294967295 nodes and 0 entries would need");
}

//===----------------------------------------------------------------------===//
// TU datasets
//===----------------------------------------------------------------------===//

TEST_F(GraphIOTest, TuFolderAndFile) {
  write("ds/DS_A.txt", "1, 2\n2, 1\n2,3\r\n\n3 2\n");
  write("ds/DS_graph_indicator.txt", "1\n1\n1\n2\n");
  write("ds/DS_graph_labels.txt", "1\n2\n");
  for (const std::string &input : {path("ds"), path("ds/DS_A.txt")}) {
    SCOPED_TRACE(input);
    Expected<Csr> graph = readTuDataset(input, ReadOptions());
    ASSERT_TRUE(graph.ok()) << graph.message();
    EXPECT_EQ(graph->numNodes, 4u);
    // "r, c" is edge r -> c: row c-1 lists r-1. Node 4 has no edges.
    EXPECT_EQ(rowsOf(*graph), (Rows{{1}, {0, 2}, {1}, {}}));
  }
}

// Detection takes "*_A.txt" without regard to case, as it does every
// extension; the reader must then accept the same names (it used to refuse
// them as "not 'DS_A.txt'"), and finds an indicator of any case beside it.
TEST_F(GraphIOTest, TuNamesWithoutRegardToCase) {
  write("up/DS_A.TXT", "1, 2\n2, 1\n");
  write("up/DS_graph_indicator.txt", "1\n1\n1\n");
  write("low/DS_a.txt", "1, 2\n2, 1\n");
  write("low/DS_GRAPH_INDICATOR.TXT", "1\n1\n1\n");
  for (const std::string &input :
       {path("up"), path("up/DS_A.TXT"), path("low"), path("low/DS_a.txt")}) {
    SCOPED_TRACE(input);
    Expected<GraphFormat> format = detectGraphFormat(input);
    ASSERT_TRUE(format.ok()) << format.message();
    EXPECT_EQ(*format, GraphFormat::Tu);
    Expected<Csr> graph = readGraph(input, ReadOptions());
    ASSERT_TRUE(graph.ok()) << graph.message();
    EXPECT_EQ(rowsOf(*graph), (Rows{{1}, {0}, {}}));
  }
  // Without an indicator the message names the one expected.
  std::string lonely = write("none/run_a.txt", "1 2\n");
  expectError(readGraph(lonely, ReadOptions()), lonely, 0,
              "missing 'run_graph_indicator.txt' beside it");
  // Two indicators that differ only in case: neither is picked.
  std::string two = write("two/DS_A.TXT", "1, 2\n2, 1\n");
  write("two/DS_GRAPH_INDICATOR.TXT", "1\n1\n");
  write("two/ds_graph_indicator.txt", "1\n1\n");
  expectError(readGraph(two, ReadOptions()), two, 0,
              "several files beside it are named 'DS_graph_indicator.txt' but "
              "for case ('DS_GRAPH_INDICATOR.TXT', 'ds_graph_indicator.txt'); "
              "keep one");
}

TEST_F(GraphIOTest, TuErrors) {
  // No indicator beside the adjacency file.
  std::string lonely = write("a/X_A.txt", "1, 2\n");
  expectError(readTuDataset(path("a"), ReadOptions()), lonely, 0,
              "X_graph_indicator.txt");

  // Ids out of range, bad indicator lines, extra columns.
  write("b/DS_graph_indicator.txt", "1\n1\n2\n");
  std::string adjacency = write("b/DS_A.txt", "1, 2\n2, 4\n");
  expectError(readTuDataset(path("b"), ReadOptions()), adjacency, 2,
              "node id '4' is out of range 1..3");
  write("b/DS_A.txt", "1, 2\n0, 1\n");
  expectError(readTuDataset(path("b"), ReadOptions()), adjacency, 2,
              "node id '0' is out of range 1..3");
  write("b/DS_A.txt", "1, 2, 3\n");
  expectError(readTuDataset(path("b"), ReadOptions()), adjacency, 1,
              "found extra token '3'");
  // An edge between two graphs of the union (nodes 2 and 3 are in graphs 1
  // and 2), in either direction.
  write("b/DS_A.txt", "1, 2\n2, 1\n2, 3\n");
  expectError(readTuDataset(path("b"), ReadOptions()), adjacency, 3,
              "edge 2, 3 joins graph 1 to graph 2 (by DS_graph_indicator.txt); "
              "a TU dataset's graphs share no edges");
  write("b/DS_A.txt", "3, 1\n");
  expectError(readTuDataset(path("b"), ReadOptions()), adjacency, 1,
              "edge 3, 1 joins graph 2 to graph 1");
  write("b/DS_A.txt", "1, x\n");
  expectError(readTuDataset(path("b"), ReadOptions()), adjacency, 1,
              "expected a node id, found 'x'");

  write("c/DS_A.txt", "1, 2\n");
  std::string indicator = write("c/DS_graph_indicator.txt", "1\n0\n");
  expectError(readTuDataset(path("c"), ReadOptions()), indicator, 2,
              "graph id 0");
  write("c/DS_graph_indicator.txt", "1\nabc\n");
  expectError(readTuDataset(path("c"), ReadOptions()), indicator, 2,
              "expected a graph id, found 'abc'");
  write("c/DS_graph_indicator.txt", "1\n-2\n");
  expectError(readTuDataset(path("c"), ReadOptions()), indicator, 2,
              "negative graph id '-2'");

  // Folders without exactly one *_A.txt, and a file with the wrong name.
  write("d/readme.txt", "hello\n");
  expectError(readTuDataset(path("d"), ReadOptions()), path("d"), 0,
              "no '*_A.txt' file");
  write("e/P_A.txt", "1, 2\n");
  write("e/Q_A.txt", "1, 2\n");
  expectError(readTuDataset(path("e"), ReadOptions()), path("e"), 0,
              "several '*_A.txt' files (P_A.txt, Q_A.txt)");
  expectError(readTuDataset(path("d/readme.txt"), ReadOptions()),
              path("d/readme.txt"), 0, "DS_A.txt");
  expectError(readTuDataset(path("missing"), ReadOptions()), path("missing"), 0,
              "no such file or directory");
}

//===----------------------------------------------------------------------===//
// DGCNN
//===----------------------------------------------------------------------===//

const char *const kDgcnnText = "2\n"
                               "3 0\n"
                               "0 2 1 2\n"
                               "1 1 0\n"
                               "0 1 0\n"
                               "2 1\n"
                               "0 1 1 0.5 -1e3\n"
                               "0 1 0\n";

TEST_F(GraphIOTest, DgcnnHappyPath) {
  std::string file = write("g.txt", kDgcnnText);
  Expected<Csr> graph = readDgcnn(file, ReadOptions());
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(graph->numNodes, 5u);
  // Node i's neighbours are its inputs; graph 2 starts at global id 3.
  EXPECT_EQ(rowsOf(*graph), (Rows{{1, 2}, {0}, {0}, {4}, {3}}));
}

TEST_F(GraphIOTest, DgcnnErrors) {
  struct Case {
    const char *text;
    int line;
    const char *phrase;
  } cases[] = {
      {"1\n2 0\n0 1 2\n0 1 0\n", 3, "neighbour id 2 is out of range 0..1"},
      {"1\n3 0\n0 3 1 2\n0 0\n0 0\n", 3, "declares 3 neighbours but lists 2"},
      {"1\n2 0\n0 x 1\n0 0\n", 3, "expected a neighbour count, found 'x'"},
      {"1\n2 0\nt 1 1\n0 0\n", 3, "expected a node tag, found 't'"},
      {"1\n2 0\n0 1 1 abc\n0 0\n", 3,
       "expected a numeric node attribute, found 'abc'"},
      {"1\n2 zero\n0 0\n0 0\n", 2, "expected a graph label, found 'zero'"},
      {"1\n2\n0 0\n0 0\n", 2, "expected a graph label, found end of line"},
      {"many\n", 1, "expected a graph count, found 'many'"},
      {"1 2\n", 1, "found extra token '2'"},
      {"0\n", 1, "declares 0 graphs"},
      {"1\n1 0\n0 0\n1 0\n", 4, "unexpected content after the last of the 1"},
      {"3\n1 0\n0 0\n1 0\n0 0\n", 0, "truncated: expected 3 graphs, found 2"},
      {"2\n1 0\n0 0\n3 1\n0 0\n", 0, "truncated: expected 2 graphs, found 1"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.text);
    std::string file = write("bad.txt", c.text);
    expectError(readDgcnn(file, ReadOptions()), file, c.line, c.phrase);
  }
}

//===----------------------------------------------------------------------===//
// LINQS citations
//===----------------------------------------------------------------------===//

TEST_F(GraphIOTest, CitesPlain) {
  std::string file = write("g.cites", "a b\nb\tc\n\na c\nc c\n");
  // Ids by first appearance: a=0, b=1, c=2. "A B" is edge B -> A.
  ReadOptions directed;
  directed.symmetrize = false;
  Expected<Csr> graph = readCites(file, directed);
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(graph->numNodes, 3u);
  EXPECT_EQ(rowsOf(*graph), (Rows{{1, 2}, {2}, {}}));

  // Default: symmetrized, reversed edges after the originals, no self-loop.
  Expected<Csr> undirected = readCites(file, ReadOptions());
  ASSERT_TRUE(undirected.ok()) << undirected.message();
  EXPECT_EQ(rowsOf(*undirected), (Rows{{1, 2}, {2, 0}, {1, 0}}));
}

TEST_F(GraphIOTest, CitesTab) {
  std::string file = write("g.cites.tab", "#DIRECTED\tcites\n"
                                          "#NO_FEATURES\n"
                                          "1\tpaper:10\t|\tpaper:20\n"
                                          "2\tpaper:20\t|\tpaper:30\n"
                                          "3\tpaper:30\t|\tpaper:10\n");
  ReadOptions directed;
  directed.symmetrize = false;
  Expected<Csr> graph = readCites(file, directed);
  ASSERT_TRUE(graph.ok()) << graph.message();
  // 10=0, 20=1, 30=2; "paper:X | paper:Y" is edge X -> Y.
  EXPECT_EQ(rowsOf(*graph), (Rows{{2}, {0}, {1}}));
}

TEST_F(GraphIOTest, CitesErrors) {
  struct Case {
    const char *name;
    const char *text;
    int line;
    const char *phrase;
  } cases[] = {
      {"g.cites", "a b\nlonely\n", 2, "found 1 token"},
      {"g.cites", "a b\na b c\n", 2, "found 3 tokens"},
      {"g.cites.tab", "#h\n1\tpaper:1\tx\tpaper:2\n", 2, "'|'"},
      {"g.cites.tab", "1\tpaper:1\t|\tpaper:2\n2\tpaper:1\n", 2, "'|'"},
      {"g.cites.tab", "1\tpaper:1\t|\tpaper:2\textra\n", 1,
       "expected 4 fields"},
      {"g.cites.tab", "1\tpaper:\t|\tpaper:2\n", 1, "empty paper id"},
      {"g.cites", "# nothing\n\n", 0, "no citations found"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.text);
    std::string file = write(c.name, c.text);
    expectError(readCites(file, ReadOptions()), file, c.line, c.phrase);
  }
}

//===----------------------------------------------------------------------===//
// Errors every reader shares
//===----------------------------------------------------------------------===//

using Reader = Expected<Csr> (*)(const std::string &, const ReadOptions &);
Expected<Csr> readBinaryCsrWithOptions(const std::string &file,
                                       const ReadOptions &) {
  return readBinaryCsr(file);
}
const Reader kReaders[] = {readEdgeList, readMatrixMarket, readDgcnn, readCites,
                           readBinaryCsrWithOptions};

TEST_F(GraphIOTest, MissingFile) {
  std::string file = path("absent.txt");
  for (Reader reader : kReaders)
    expectError(reader(file, ReadOptions()), file, 0,
                ": no such file or directory");
  expectError(readGraph(file, ReadOptions()), file, 0,
              ": no such file or directory");
  expectError(detectGraphFormat(file), file, 0, ": no such file or directory");
}

TEST_F(GraphIOTest, EmptyFile) {
  std::string file = write("empty.txt", "");
  for (Reader reader : kReaders)
    expectError(reader(file, ReadOptions()), file, 0, ": file is empty");
  write("t/DS_A.txt", "");
  std::string indicator = write("t/DS_graph_indicator.txt", "");
  expectError(readTuDataset(path("t"), ReadOptions()), indicator, 0,
              ": file is empty");
}

TEST_F(GraphIOTest, DirectoryWhereAFileIsExpected) {
  std::string folder = path("folder");
  fs::create_directories(folder);
  for (Reader reader : kReaders)
    expectError(reader(folder, ReadOptions()), folder, 0, "is a directory");
}

//===----------------------------------------------------------------------===//
// Binary CSR and edge-list output
//===----------------------------------------------------------------------===//

/// FNV-1a 64, as the format's checksum, to build files by hand.
uint64_t fnv1a(const std::string &bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

template <typename T> void appendRaw(std::string &bytes, T value) {
  bytes.append(reinterpret_cast<const char *>(&value), sizeof(value));
}

Csr sampleGraph() {
  // Node 4 is isolated and last, which an edge list cannot keep.
  return buildCsr(5, {{2, 0}, {1, 0}, {3, 1}, {0, 3}, {2, 3}}, BuildOptions());
}

TEST_F(GraphIOTest, BinaryRoundTrip) {
  for (const Csr &graph : {sampleGraph(), buildCsr(0, {}, BuildOptions()),
                           buildCsr(3, {}, BuildOptions())}) {
    std::string file = path("g.csr");
    ASSERT_TRUE(writeBinaryCsr(graph, file).ok());
    EXPECT_EQ(fs::file_size(file), 24 + 8 * (uint64_t(graph.numNodes) + 1) +
                                       4 * graph.numEdges() + 8);
    Expected<Csr> back = readBinaryCsr(file);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(back->numNodes, graph.numNodes);
    EXPECT_EQ(back->offsets, graph.offsets);
    EXPECT_EQ(back->indices, graph.indices);
  }
  // The header's bytes are exactly the documented layout.
  std::string file = path("g.csr");
  ASSERT_TRUE(writeBinaryCsr(sampleGraph(), file).ok());
  std::string bytes = slurp(file);
  EXPECT_EQ(bytes.substr(0, 8), std::string("HAGCSR1\n"));
  EXPECT_EQ(bytes[8], 5);
  EXPECT_EQ(bytes[16], 5);
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  EXPECT_EQ(stored, fnv1a(bytes.substr(0, bytes.size() - 8)));
  // No temporary file is left behind.
  size_t entries = 0;
  for (const auto &entry : fs::directory_iterator(dir_)) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
}

TEST_F(GraphIOTest, BinaryTruncatedAndTrailing) {
  std::string file = path("g.csr");
  ASSERT_TRUE(writeBinaryCsr(sampleGraph(), file).ok());
  std::string bytes = slurp(file);
  ASSERT_EQ(bytes.size(), 24u + 8 * 6 + 4 * 5 + 8);

  write("g.csr", bytes.substr(0, bytes.size() - 4));
  expectError(readBinaryCsr(file), file, 0,
              "truncated: header says 5 nodes and 5 edges, which needs 100 "
              "bytes, but the file has 96 bytes");
  write("g.csr", bytes + "xyz");
  expectError(readBinaryCsr(file), file, 0, "has 3 trailing byte(s)");
  write("g.csr", bytes.substr(0, 20));
  expectError(readBinaryCsr(file), file, 0, "truncated");
  write("g.csr", bytes.substr(0, 5));
  expectError(readBinaryCsr(file), file, 0, "truncated");

  // A header claiming 2^60 edges is refused without allocating.
  std::string huge = bytes.substr(0, 16);
  appendRaw<uint64_t>(huge, uint64_t(1) << 60);
  write("g.csr", huge + bytes.substr(24));
  expectError(readBinaryCsr(file), file, 0, "truncated: header says 5 nodes");
  std::string tooMany = bytes.substr(0, 8);
  appendRaw<uint64_t>(tooMany, uint64_t(1) << 33);
  write("g.csr", tooMany + bytes.substr(16));
  expectError(readBinaryCsr(file), file, 0, "32-bit");
}

TEST_F(GraphIOTest, BinaryBadMagicAndChecksum) {
  std::string file = path("g.csr");
  write("g.csr", "HAGCSR2\nand then some more bytes to fill a header");
  expectError(readBinaryCsr(file), file, 0,
              ": not a hag binary CSR file (bad magic)");
  write("g.csr", "0 1\n");
  expectError(readBinaryCsr(file), file, 0, "bad magic");

  ASSERT_TRUE(writeBinaryCsr(sampleGraph(), file).ok());
  std::string bytes = slurp(file);
  for (size_t at : {size_t(30), bytes.size() - 10, bytes.size() - 1}) {
    SCOPED_TRACE(at);
    std::string flipped = bytes;
    flipped[at] ^= 0x10;
    write("g.csr", flipped);
    expectError(readBinaryCsr(file), file, 0,
                "checksum mismatch: file is corrupt");
  }
}

TEST_F(GraphIOTest, BinaryChecksummedButInvalid) {
  // A well-formed file whose one index is not below numNodes.
  std::string bytes = "HAGCSR1\n";
  appendRaw<uint64_t>(bytes, 2);
  appendRaw<uint64_t>(bytes, 1);
  for (uint64_t offset : {0, 1, 1})
    appendRaw<uint64_t>(bytes, offset);
  appendRaw<uint32_t>(bytes, 9);
  appendRaw<uint64_t>(bytes, fnv1a(bytes));
  std::string file = write("g.csr", bytes);
  expectError(readBinaryCsr(file), file, 0, "not below 2 nodes");
}

TEST_F(GraphIOTest, WriteFailuresNameThePath) {
  std::string file = path("no/such/dir/g.csr");
  Status binary = writeBinaryCsr(sampleGraph(), file);
  expectError(binary, file, "no such file or directory");
  Status text = writeEdgeList(sampleGraph(), file);
  expectError(text, file, "no such file or directory");

  Csr broken = sampleGraph();
  broken.indices[0] = 99;
  std::string target = path("broken.csr");
  expectError(writeBinaryCsr(broken, target), target, "invalid graph");
  EXPECT_FALSE(fs::exists(target));
}

/// `file`, read as an edge list, is `graph`, node count included.
void expectEdgeListReadsBack(const std::string &file, const Csr &graph) {
  Expected<Csr> back = readEdgeList(file, ReadOptions());
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->numNodes, graph.numNodes);
  EXPECT_EQ(back->offsets, graph.offsets);
  EXPECT_EQ(back->indices, graph.indices);
}

TEST_F(GraphIOTest, WriteEdgeListRowOrder) {
  std::string file = path("g.txt");
  Csr graph = sampleGraph();
  ASSERT_TRUE(writeEdgeList(graph, file).ok());
  // The node count, then row 0 = {2, 1}, row 1 = {3}, row 3 = {0, 2}:
  // "u v" per input u of v.
  EXPECT_EQ(slurp(file), "# nodes 5\n2 0\n1 0\n3 1\n0 3\n2 3\n");
  // The isolated last node comes back through the "# nodes" line.
  expectEdgeListReadsBack(file, graph);
}

TEST_F(GraphIOTest, EdgeListKeepsNodesNoEdgeNames) {
  // Graphs whose nodes an edge list could not name: nodes above the largest
  // id, and graphs without edges. Each comes back whole.
  for (const Csr &graph :
       {buildCsr(7, {{0, 1}, {2, 1}}, BuildOptions()),
        buildCsr(3, {}, BuildOptions()), buildCsr(0, {}, BuildOptions())}) {
    std::string file = path("g.el");
    ASSERT_TRUE(writeEdgeList(graph, file).ok());
    expectEdgeListReadsBack(file, graph);
  }
}

TEST_F(GraphIOTest, EdgeListNodeCountLine) {
  // Only "# nodes N" exactly is a node count; other comments stay comments.
  Expected<Csr> words =
      readEdgeList(write("w.el", "# nodes are papers\n0 1\n"), ReadOptions());
  ASSERT_TRUE(words.ok()) << words.message();
  EXPECT_EQ(words->numNodes, 2u);
  Expected<Csr> based = readEdgeList(write("b.el", "# nodes 4\n1 2\n"), [] {
    ReadOptions options;
    options.base = 1;
    return options;
  }());
  ASSERT_TRUE(based.ok()) << based.message();
  EXPECT_EQ(based->numNodes, 4u);
  std::string file = write("big.el", "# nodes 3\n0 1\n\n2 3\n");
  expectError(readEdgeList(file, ReadOptions()), file, 4,
              "node id 3 is not one of the 3 nodes of the '# nodes' line "
              "(line 1)");
  file = write("twice.el", "0 1\n# nodes 3\n# nodes 4\n");
  expectError(readEdgeList(file, ReadOptions()), file, 3,
              "a second '# nodes' line (the first is line 2)");
  // Above 32-bit ids the count is refused whatever the memory (cast to a
  // node id it wrapped, and buildCsr wrote past its arrays).
  ReadOptions sparse;
  sparse.allowSparseNodes = true;
  file = write("wide.el", "# nodes 4294967296\n0 1\n");
  expectError(readEdgeList(file, sparse), file, 1,
              "'# nodes 4294967296' is more nodes than 32-bit ids allow (at "
              "most 4294967295)");
  file = write("huge.el", "# nodes 3000000000\n0 1\n");
  expectError(readEdgeList(file, ReadOptions()), file, 1,
              "'# nodes 3000000000' would make a graph of 3000000000 nodes");
}

//===----------------------------------------------------------------------===//
// Format names and detection
//===----------------------------------------------------------------------===//

TEST(GraphFormatTest, NamesRoundTrip) {
  for (GraphFormat format :
       {GraphFormat::Auto, GraphFormat::EdgeList, GraphFormat::Mtx,
        GraphFormat::Tu, GraphFormat::Dgcnn, GraphFormat::Cites,
        GraphFormat::BinaryCsr}) {
    std::optional<GraphFormat> parsed =
        parseGraphFormat(graphFormatName(format));
    ASSERT_TRUE(parsed.has_value()) << graphFormatName(format);
    EXPECT_EQ(*parsed, format);
  }
  EXPECT_EQ(parseGraphFormat("csr"), GraphFormat::BinaryCsr);
  EXPECT_EQ(parseGraphFormat("edgelist"), GraphFormat::EdgeList);
  EXPECT_FALSE(parseGraphFormat("graphml").has_value());
  EXPECT_FALSE(parseGraphFormat("").has_value());
}

TEST_F(GraphIOTest, DetectFormats) {
  auto detect = [](const std::string &file) {
    Expected<GraphFormat> format = detectGraphFormat(file);
    EXPECT_TRUE(format.ok()) << format.message();
    return format.ok() ? *format : GraphFormat::Auto;
  };
  write("tu/DS_A.txt", "1, 2\n");
  write("tu/DS_graph_indicator.txt", "1\n1\n");
  EXPECT_EQ(detect(path("tu")), GraphFormat::Tu);
  EXPECT_EQ(detect(path("tu/DS_A.txt")), GraphFormat::Tu);
  EXPECT_EQ(detect(write("m.mtx", "whatever\n")), GraphFormat::Mtx);
  EXPECT_EQ(detect(write("m.data",
                         "%%MatrixMarket matrix coordinate pattern general\n")),
            GraphFormat::Mtx);
  EXPECT_EQ(detect(write("c.cites", "a b\n")), GraphFormat::Cites);
  EXPECT_EQ(detect(write("c.cites.tab", "#x\n")), GraphFormat::Cites);
  EXPECT_EQ(detect(write("d.txt", kDgcnnText)), GraphFormat::Dgcnn);
  EXPECT_EQ(detect(write("e.txt", "0 1\n1 2\n")), GraphFormat::EdgeList);
  EXPECT_EQ(detect(write("e.edges", "2\n3 0\n")), GraphFormat::EdgeList);
  std::string binary = path("g.bin");
  ASSERT_TRUE(writeBinaryCsr(sampleGraph(), binary).ok());
  EXPECT_EQ(detect(binary), GraphFormat::BinaryCsr);

  // readGraph with Auto goes through detection to the right reader.
  Expected<Csr> dgcnn = readGraph(path("d.txt"), ReadOptions());
  ASSERT_TRUE(dgcnn.ok()) << dgcnn.message();
  EXPECT_EQ(rowsOf(*dgcnn), (Rows{{1, 2}, {0}, {0}, {4}, {3}}));
  Expected<Csr> fromBinary = readGraph(binary, ReadOptions());
  ASSERT_TRUE(fromBinary.ok()) << fromBinary.message();
  EXPECT_EQ(fromBinary->indices, sampleGraph().indices);
  // An explicit format overrides detection.
  ReadOptions asEdges;
  asEdges.format = GraphFormat::EdgeList;
  Expected<Csr> forced = readGraph(path("d.txt"), asEdges);
  expectError(forced, path("d.txt"), 1,
              "expected a node id, found end of line");
}

//===----------------------------------------------------------------------===//
// Real datasets
//===----------------------------------------------------------------------===//

struct RealDataset {
  const char *path; // Relative to HAG_DATASETS_DIR.
  GraphFormat format;
  NodeId nodes;
  uint64_t edges;
};

class RealDatasetTest : public ::testing::TestWithParam<RealDataset> {};

TEST_P(RealDatasetTest, CountsMatchPublished) {
  const RealDataset &data = GetParam();
  std::string file = std::string(HAG_DATASETS_DIR) + "/" + data.path;
  if (!fs::exists(file))
    GTEST_SKIP() << "dataset not present: " << file;
  Expected<GraphFormat> detected = detectGraphFormat(file);
  ASSERT_TRUE(detected.ok()) << detected.message();
  EXPECT_EQ(*detected, data.format);
  auto start = std::chrono::steady_clock::now();
  Expected<Csr> graph = readGraph(file, ReadOptions());
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(graph.ok()) << graph.message();
  EXPECT_EQ(graph->numNodes, data.nodes);
  EXPECT_EQ(graph->numEdges(), data.edges);
  EXPECT_TRUE(graph->validate().ok());
  // Every dataset here is undirected after reading: u in N(v) iff v in N(u).
  EXPECT_EQ(sortedRows(*graph).indices, transpose(*graph).indices);
  RecordProperty(
      "read_ms",
      std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(elapsed)
              .count()));
}

INSTANTIATE_TEST_SUITE_P(
    Shared, RealDatasetTest,
    ::testing::Values(
        RealDataset{"cora/cora.cites", GraphFormat::Cites, 2708, 10556},
        RealDataset{"citeseer/citeseer.cites", GraphFormat::Cites, 3327, 9104},
        RealDataset{"pubmed/Pubmed-Diabetes.DIRECTED.cites.tab",
                    GraphFormat::Cites, 19717, 88648},
        RealDataset{"bzr_md", GraphFormat::Tu, 6519, 137734},
        RealDataset{"bzr", GraphFormat::Tu, 14479, 31070},
        RealDataset{"imdb-multi/IMDBMULTI.txt", GraphFormat::Dgcnn, 19502,
                    197806},
        RealDataset{"imdb-binary/IMDBBINARY.txt", GraphFormat::Dgcnn, 19773,
                    193062},
        RealDataset{"graph-tool-collection/email-Enron.mtx", GraphFormat::Mtx,
                    36692, 367662}),
    [](const ::testing::TestParamInfo<RealDataset> &param) {
      std::string name;
      for (const char *c = param.param.path; *c; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return name;
    });

TEST(RealDatasetBinaryTest, PubMedRoundTripsThroughBinary) {
  std::string file = std::string(HAG_DATASETS_DIR) +
                     "/pubmed/Pubmed-Diabetes.DIRECTED.cites.tab";
  if (!fs::exists(file))
    GTEST_SKIP() << "dataset not present: " << file;
  Expected<Csr> graph = readCites(file, ReadOptions());
  ASSERT_TRUE(graph.ok()) << graph.message();
  std::string binary = ::testing::TempDir() + "hag_pubmed_" +
                       std::to_string(::getpid()) + ".csr";
  ASSERT_TRUE(writeBinaryCsr(*graph, binary).ok());
  Expected<Csr> back = readBinaryCsr(binary);
  std::remove(binary.c_str());
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->offsets, graph->offsets);
  EXPECT_EQ(back->indices, graph->indices);
}

} // namespace
