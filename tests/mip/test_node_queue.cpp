// The node queue's orders, pruning and memory accounting, and the packed basis.
#include <catch2/catch.hpp>

#include "fleetopt/mip/node_queue.hpp"

using namespace fleetopt;
using mip::NodeQueue;
using mip::OpenNode;

namespace {
OpenNode node(double bound, double estimate, int depth) {
  OpenNode n;
  n.bound = bound;
  n.estimate = estimate;
  n.depth = depth;
  return n;
}
}  // namespace

TEST_CASE("node queue: best bound, best estimate and deepest orders, ties by creation", "[mip][queue]") {
  NodeQueue q;
  q.push(node(5.0, 9.0, 1));   // id 0
  q.push(node(3.0, 12.0, 4));  // id 1
  q.push(node(3.0, 8.0, 2));   // id 2
  q.push(node(7.0, 7.5, 3));   // id 3
  CHECK(q.size() == 4);
  CHECK(q.best_bound() == 3.0);
  OpenNode a = q.pop_best_bound();
  CHECK(a.id == 1);  // bound 3, created before id 2
  OpenNode b = q.pop_best_estimate();
  CHECK(b.id == 3);  // estimate 7.5
  OpenNode c = q.pop_deepest();
  CHECK(c.id == 2);  // depth 2 beats depth 1
  CHECK(q.best_bound() == 5.0);
  q.pop_best_bound();
  CHECK(q.empty());
  CHECK(q.best_bound() == core::kInfinity);
  CHECK_THROWS(q.pop_best_bound());
}

TEST_CASE("node queue: pruning removes exactly the nodes at or above the cutoff", "[mip][queue]") {
  NodeQueue q;
  for (double b : {1.0, 4.0, 2.5, 6.0, 4.0}) q.push(node(b, b + 1, 1));
  const double least = q.prune(4.0);
  CHECK(least == 4.0);
  CHECK(q.size() == 2);
  CHECK(q.pop_best_bound().bound == 1.0);
  CHECK(q.pop_best_bound().bound == 2.5);
  CHECK(q.prune(0.0) == core::kInfinity);
}

TEST_CASE("node queue: packed bases round-trip and memory is accounted", "[mip][queue]") {
  using lp::VarStatus;
  const std::vector<VarStatus> statuses{VarStatus::basic,    VarStatus::at_lower, VarStatus::at_upper,
                                        VarStatus::free,     VarStatus::fixed,    VarStatus::basic,
                                        VarStatus::at_upper};
  const mip::PackedBasis packed(statuses, {});
  CHECK(packed.unpack() == statuses);
  CHECK(packed.bytes() == 4);
  // With the edge weights of its two basic variables: 4 bytes each on top, given back unchanged.
  const mip::PackedBasis weighted(statuses, {2.5f, 0.75f});
  CHECK(weighted.unpack() == statuses);
  CHECK(weighted.edge_weights() == std::vector<float>{2.5f, 0.75f});
  CHECK(weighted.bytes() == 12);

  NodeQueue q;
  CHECK(q.memory_bytes() == 0);
  OpenNode n = node(1.0, 1.0, 1);
  n.basis = std::make_shared<mip::PackedBasis>(std::vector<VarStatus>(1000, VarStatus::at_lower), std::vector<float>{});
  n.path = std::make_shared<mip::PathStep>(mip::PathStep{{{0, 0.0, 1.0}}, nullptr});
  q.push(n);
  const std::size_t with_basis = q.memory_bytes();
  CHECK(with_basis >= 500);
  q.drop_bases();
  CHECK(q.memory_bytes() == with_basis - 500);
  q.pop_best_bound();
  CHECK(q.memory_bytes() == 0);
}
