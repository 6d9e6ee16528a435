#include "fleetopt/mip/node_queue.hpp"

#include <new>
#include <stdexcept>
#include <utility>

#include "fleetopt/core/model.hpp"

namespace fleetopt::mip {

PackedBasis::PackedBasis(const std::vector<lp::VarStatus>& statuses, std::vector<float> edge_weights)
    : size_(statuses.size()), packed_((statuses.size() + 1) / 2, 0), edge_weights_(std::move(edge_weights)) {
  for (std::size_t i = 0; i < statuses.size(); ++i)
    packed_[i / 2] |= static_cast<std::uint8_t>(static_cast<std::uint8_t>(statuses[i]) << (4 * (i % 2)));
}

std::vector<lp::VarStatus> PackedBasis::unpack() const {
  std::vector<lp::VarStatus> out(size_);
  for (std::size_t i = 0; i < size_; ++i) out[i] = static_cast<lp::VarStatus>((packed_[i / 2] >> (4 * (i % 2))) & 0xF);
  return out;
}

std::size_t NodeQueue::node_bytes(const OpenNode& node) {
  // The node's own path step (its changes) and its basis. Siblings share a basis and steps
  // further up are shared by whole subtrees; counting the basis once per node over-counts, which
  // is the safe side for a memory limit.
  std::size_t bytes = sizeof(OpenNode) + sizeof(PathStep);
  if (node.path) bytes += node.path->changes.size() * sizeof(BoundChange);
  if (node.basis) bytes += node.basis->bytes();
  // An LP solved ahead ends with a basis of its own, as large as its parent's.
  if (node.ahead && node.basis) bytes += node.basis->bytes();
  return bytes;
}

void NodeQueue::push(OpenNode node) {
  node.id = next_id_++;
  std::size_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = slots_.size();
    slots_.emplace_back();
  }
  by_bound_.emplace(node.bound, node.id, slot);
  by_estimate_.emplace(node.estimate, node.id, slot);
  by_depth_.emplace(-static_cast<double>(node.depth), node.id, slot);
  memory_bytes_ += node_bytes(node);
  slots_[slot] = std::move(node);
}

double NodeQueue::best_bound() const {
  return by_bound_.empty() ? core::kInfinity : std::get<0>(*by_bound_.begin());
}

OpenNode NodeQueue::take(std::size_t slot) {
  OpenNode node = std::move(*slots_[slot]);
  slots_[slot].reset();
  by_bound_.erase({node.bound, node.id, slot});
  by_estimate_.erase({node.estimate, node.id, slot});
  by_depth_.erase({-static_cast<double>(node.depth), node.id, slot});
  const std::size_t bytes = node_bytes(node);
  memory_bytes_ = memory_bytes_ > bytes ? memory_bytes_ - bytes : 0;
  try {
    free_slots_.push_back(slot);
  } catch (const std::bad_alloc&) {
    // Out of memory: the slot is just not reused. The node itself must reach the caller, or its
    // bound would be lost.
  }
  return node;
}

OpenNode NodeQueue::pop_best_bound() {
  if (empty()) throw std::logic_error("NodeQueue: pop from an empty queue");
  return take(std::get<2>(*by_bound_.begin()));
}

OpenNode NodeQueue::pop_best_estimate() {
  if (empty()) throw std::logic_error("NodeQueue: pop from an empty queue");
  return take(std::get<2>(*by_estimate_.begin()));
}

OpenNode NodeQueue::pop_deepest() {
  if (empty()) throw std::logic_error("NodeQueue: pop from an empty queue");
  return take(std::get<2>(*by_depth_.begin()));
}

double NodeQueue::prune(double cutoff) {
  double least = core::kInfinity;
  while (!by_bound_.empty()) {
    const auto last = std::prev(by_bound_.end());
    if (!(std::get<0>(*last) >= cutoff)) break;
    least = std::min(least, std::get<0>(*last));
    take(std::get<2>(*last));
  }
  return least;
}

void NodeQueue::drop_bases() {
  for (auto& slot : slots_) {
    if (!slot) continue;
    const std::size_t before = node_bytes(*slot);
    slot->ahead.reset();
    slot->basis.reset();
    const std::size_t bytes = before - node_bytes(*slot);
    memory_bytes_ = memory_bytes_ > bytes ? memory_bytes_ - bytes : 0;
  }
}

}  // namespace fleetopt::mip
