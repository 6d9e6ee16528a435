#include <catch2/catch.hpp>

#include <algorithm>

#include "fleetopt/lp/indexed_vector.hpp"

using fleetopt::lp::IndexedVector;

namespace {
// Every nonzero value must be listed exactly once while the vector is sparse.
bool listing_is_complete(const IndexedVector& v) {
  if (!v.is_sparse()) return v.indices().empty();
  std::vector<int> listed = v.indices();
  std::sort(listed.begin(), listed.end());
  if (std::adjacent_find(listed.begin(), listed.end()) != listed.end()) return false;
  for (int i = 0; i < v.size(); ++i)
    if (v[i] != 0.0 && !std::binary_search(listed.begin(), listed.end(), i)) return false;
  return true;
}
}  // namespace

TEST_CASE("IndexedVector lists what add and set touch, once each", "[lp][indexed_vector]") {
  IndexedVector v(10);
  CHECK(v.size() == 10);
  CHECK(v.is_sparse());
  CHECK(v.count() == 0);
  v.add(3, 1.5);
  v.add(3, 2.0);
  v.set(7, -4.0);
  v.add(1, 0.25);
  CHECK(v[3] == 3.5);
  CHECK(v[7] == -4.0);
  CHECK(v[1] == 0.25);
  CHECK(v.indices() == std::vector<int>{3, 7, 1});
  CHECK(v.count() == 3);
  CHECK(v.density() == Approx(0.3));
  CHECK(listing_is_complete(v));
  // Cancellation leaves the entry listed (it "may" be nonzero) with value exactly zero.
  v.add(1, -0.25);
  CHECK(v[1] == 0.0);
  CHECK(v.count() == 3);
  v.clear();
  CHECK(v.count() == 0);
  for (int i = 0; i < 10; ++i) CHECK(v[i] == 0.0);
  v.set(9, 1.0);
  CHECK(v.indices() == std::vector<int>{9});
}

TEST_CASE("IndexedVector dense mode and index rebuilding", "[lp][indexed_vector]") {
  IndexedVector v(6);
  v.set(2, 1.0);
  v.mark_dense();
  CHECK_FALSE(v.is_sparse());
  CHECK(v.count() == 6);
  CHECK(v.indices().empty());
  // Writing through values() is allowed in dense mode.
  v.values()[0] = 1e-14;
  v.values()[4] = -2.0;
  v.add(5, 3.0);  // dense: no listing
  CHECK(v.indices().empty());
  v.rebuild_indices(1e-12);
  CHECK(v.is_sparse());
  CHECK(v.indices() == std::vector<int>{2, 4, 5});
  CHECK(v[0] == 0.0);  // dropped below the tolerance and zeroed
  CHECK(listing_is_complete(v));
  v.mark_dense();
  v.clear();  // dense clear: O(size), back to sparse
  CHECK(v.is_sparse());
  for (int i = 0; i < 6; ++i) CHECK(v[i] == 0.0);
  v.add(4, 1.0);
  CHECK(v.indices() == std::vector<int>{4});
  CHECK(listing_is_complete(v));
}

TEST_CASE("IndexedVector note_nonzero lists without changing the value", "[lp][indexed_vector]") {
  IndexedVector v(4);
  v.values()[2] = 5.0;
  v.note_nonzero(2);
  v.note_nonzero(2);
  CHECK(v.indices() == std::vector<int>{2});
  CHECK(v[2] == 5.0);
  v.resize(3);
  CHECK(v.size() == 3);
  CHECK(v.count() == 0);
  CHECK(v[2] == 0.0);
}

TEST_CASE("IndexedVector drop_tiny zeroes and unlists small entries", "[lp][indexed_vector]") {
  IndexedVector v(6);
  v.set(0, 1e-15);
  v.set(3, -2e-15);
  v.set(4, 1e-13);
  v.set(5, -1.0);
  v.drop_tiny(1e-14);
  CHECK(v.is_sparse());
  CHECK(v.indices() == std::vector<int>{4, 5});  // survivors keep their order
  CHECK(v[0] == 0.0);
  CHECK(v[3] == 0.0);
  CHECK(v[4] == 1e-13);
  CHECK(listing_is_complete(v));
  v.set(0, 2.0);  // a dropped entry can be listed again
  CHECK(v.indices() == std::vector<int>{4, 5, 0});
  // Dense: values are zeroed, the vector stays dense.
  v.mark_dense();
  v.values()[1] = 5e-15;
  v.drop_tiny(1e-14);
  CHECK_FALSE(v.is_sparse());
  CHECK(v[1] == 0.0);
  CHECK(v[5] == -1.0);
}
