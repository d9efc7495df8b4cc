//===- GeneratorsTest.cpp - Tests of the graph generators -----------------===//
//
// The generators refuse, before allocating or drawing anything, requests
// they cannot satisfy: specs with a key given twice or a boolean that is not
// 0/1, more R-MAT edges than the nodes have distinct pairs, and graphs larger
// than this machine's physical memory.
//
//===----------------------------------------------------------------------===//
#include "hag/Graph/Generators.h"
#include "hag/Graph/Memory.h"

#include <gtest/gtest.h>

#include <string>

using namespace hag;

namespace {

/// The error of `spec`, or "" if it generated a graph.
std::string errorOf(const std::string &spec) {
  Expected<Csr> graph = generateFromSpec(spec);
  return graph.failed() ? graph.message() : std::string();
}

TEST(Generators, SameSpecSameGraph) {
  Expected<Csr> a = generateFromSpec("rmat:scale=6,edges=300,seed=4");
  Expected<Csr> b = generateFromSpec("rmat:scale=6,edges=300,seed=4");
  ASSERT_TRUE(a.ok()) << a.message();
  ASSERT_TRUE(b.ok()) << b.message();
  EXPECT_EQ(a->indices, b->indices);
  EXPECT_EQ(a->offsets, b->offsets);
}

TEST(Generators, KeyGivenTwice) {
  EXPECT_EQ(errorOf("rmat:scale=4,edges=10,scale=5"),
            "generator spec 'rmat:scale=4,edges=10,scale=5': key 'scale' "
            "given twice");
  EXPECT_EQ(errorOf("ego:nodes=100,nodes=100"),
            "generator spec 'ego:nodes=100,nodes=100': key 'nodes' given "
            "twice");
}

TEST(Generators, SymmetrizeIsZeroOrOne) {
  EXPECT_EQ(errorOf("rmat:scale=4,edges=10,symmetrize=2"),
            "generator spec 'rmat:scale=4,edges=10,symmetrize=2': bad value "
            "'2' for symmetrize (0 or 1)");
  EXPECT_EQ(errorOf("rmat:scale=4,edges=10,symmetrize=true"),
            "generator spec 'rmat:scale=4,edges=10,symmetrize=true': bad value "
            "'true' for symmetrize (0 or 1)");
  Expected<Csr> directed =
      generateFromSpec("rmat:scale=4,edges=10,symmetrize=0");
  Expected<Csr> symmetric =
      generateFromSpec("rmat:scale=4,edges=10,symmetrize=1");
  ASSERT_TRUE(directed.ok()) << directed.message();
  ASSERT_TRUE(symmetric.ok()) << symmetric.message();
  EXPECT_LE(directed->numEdges(), 10u);
  EXPECT_GT(symmetric->numEdges(), directed->numEdges());
}

TEST(Generators, RmatEdgesBeyondDistinctPairs) {
  // 2^4 nodes have 16 * 15 = 240 edges without self loops or repeats.
  EXPECT_EQ(errorOf("rmat:scale=4,edges=241"),
            "rmat: edges=241 is more than the 240 distinct edges 2^4 nodes "
            "can have (duplicates and self loops are removed)");
  EXPECT_EQ(errorOf("rmat:scale=4,edges=240"), "");
  RmatOptions options;
  options.scale = 1;
  options.edges = 3;
  Expected<Csr> graph = generateRmat(options);
  ASSERT_TRUE(graph.failed());
  EXPECT_NE(graph.message().find("more than the 2 distinct edges"),
            std::string::npos)
      << graph.message();
}

TEST(Generators, RefusesMoreThanPhysicalMemory) {
  // 4e9 groups of a million members each: more than 2^64 bytes of edges on
  // any machine. Refused at once, not after minutes or an OOM kill.
  std::string message = errorOf("ego:nodes=4G,groups=4G,min=1M,max=1M");
  EXPECT_EQ(message.rfind("ego: 4000000000 nodes and 4000000000 groups of at "
                          "least 1000000 members would need 16 EiB or more, "
                          "more than this machine's ",
                          0),
            0u)
      << message;
  // 2^31 nodes and 2^34 drawn edges, symmetrized: 16 B per edge and 24 per
  // node (csrBuildBytes) plus 4 per node of relabelling, 304 GiB.
  RmatOptions options;
  options.scale = 31;
  options.edges = uint64_t(1) << 34;
  if (physicalMemoryBytes() >= (uint64_t(304) << 30))
    GTEST_SKIP() << "this machine has 304 GiB or more";
  Expected<Csr> graph = generateRmat(options);
  ASSERT_TRUE(graph.failed());
  EXPECT_EQ(
      graph.message().rfind(
          "rmat: 2^31 nodes and 17179869184 edges would need 304.0 GiB", 0),
      0u)
      << graph.message();
}

} // namespace
