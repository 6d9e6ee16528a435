// Basis factorizations (dense Eigen and KLU with product-form updates), checked against a fresh
// dense Eigen LU of the same basis matrix, built independently from A and basic_index.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/lp/basis_factor.hpp"
#include "fleetopt/lp/dense_factor.hpp"
#include "fleetopt/lp/klu_factor.hpp"

#if __has_include("fleetopt/core/mps.hpp")
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/paths.hpp"
#include "requirements.hpp"
#endif

using namespace fleetopt;
using lp::BasisFactor;
using lp::FactorStatus;
using lp::IndexedVector;

namespace {

constexpr double kSolveAgreement = 1e-10;

std::unique_ptr<BasisFactor> make_factor(const std::string& kind) {
  return kind == "klu" ? lp::make_klu_factor() : lp::make_dense_factor();
}

core::SparseMatrix from_dense(const Eigen::MatrixXd& d) {
  core::SparseMatrix s;
  s.num_rows = static_cast<int>(d.rows());
  s.num_cols = static_cast<int>(d.cols());
  for (int j = 0; j < s.num_cols; ++j) {
    for (int i = 0; i < s.num_rows; ++i)
      if (d(i, j) != 0.0) {
        s.row_index.push_back(i);
        s.value.push_back(d(i, j));
      }
    s.col_start.push_back(static_cast<int>(s.row_index.size()));
  }
  return s;
}

// Column j has a "home" entry of magnitude 2..4 in row home(j) and up to 3 more entries of
// magnitude <= 0.5 elsewhere. A basis with distinct home rows (logicals elsewhere) is column
// diagonally dominant after a permutation (off-home column sums <= 1.5 / 2 < 1), hence well
// conditioned, yet its off-home entries couple the columns into nontrivial BTF blocks.
core::SparseMatrix dominant_matrix(int m, int n, std::mt19937& rng, std::vector<int>& home) {
  std::uniform_real_distribution<double> big(2.0, 4.0), small(-0.5, 0.5);
  std::uniform_int_distribution<int> row(0, m - 1), extra(0, 3);
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(m, n);
  home.assign(n, 0);
  for (int j = 0; j < n; ++j) {
    home[j] = j % m;
    d(home[j], j) = (j % 2 ? -1.0 : 1.0) * big(rng);
    const int k = extra(rng);
    for (int e = 0; e < k; ++e) {
      const int i = row(rng);
      if (i != home[j]) d(i, j) = small(rng);
    }
  }
  return from_dense(d);
}

// A basis whose structural columns have distinct home rows; `structural_share` of the rows.
std::vector<int> dominant_basis(int m, int n, double structural_share, std::mt19937& rng) {
  std::vector<int> cols(n);
  for (int j = 0; j < n; ++j) cols[j] = j;
  std::shuffle(cols.begin(), cols.end(), rng);
  std::vector<int> by_row(m, -1);
  const int wanted = static_cast<int>(structural_share * m);
  int taken = 0;
  for (int j : cols) {
    if (taken == wanted) break;
    if (by_row[j % m] < 0) {
      by_row[j % m] = j;
      ++taken;
    }
  }
  std::vector<int> basis(m);
  for (int i = 0; i < m; ++i) basis[i] = by_row[i] >= 0 ? by_row[i] : n + i;
  std::shuffle(basis.begin(), basis.end(), rng);  // positions need not follow rows
  return basis;
}

Eigen::VectorXd to_eigen(const IndexedVector& v) {
  Eigen::VectorXd e(v.size());
  for (int i = 0; i < v.size(); ++i) e(i) = v[i];
  return e;
}

bool listing_is_complete(const IndexedVector& v) {
  if (!v.is_sparse()) return true;
  std::vector<char> listed(v.size(), 0);
  for (int i : v.indices()) listed[i] = 1;
  for (int i = 0; i < v.size(); ++i)
    if (v[i] != 0.0 && !listed[i]) return false;
  return true;
}

double relative_error(const Eigen::VectorXd& got, const Eigen::VectorXd& want) {
  return (got - want).lpNorm<Eigen::Infinity>() / std::max(1.0, want.lpNorm<Eigen::Infinity>());
}

IndexedVector sparse_rhs(int m, const std::vector<std::pair<int, double>>& entries) {
  IndexedVector v(m);
  for (const auto& [i, x] : entries) v.set(i, x);
  return v;
}

IndexedVector dense_rhs(int m, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  IndexedVector v(m);
  for (int i = 0; i < m; ++i) v.values()[i] = u(rng);
  v.mark_dense();
  return v;
}

// FTRAN and BTRAN of `rhs` agree with a dense LU of the basis assembled from scratch.
void check_solves(const BasisFactor& factor, const Eigen::MatrixXd& basis, const IndexedVector& rhs,
                  double tolerance = kSolveAgreement) {
  Eigen::PartialPivLU<Eigen::MatrixXd> lu(basis);
  const Eigen::VectorXd b = to_eigen(rhs);
  IndexedVector y = rhs;
  factor.ftran(y);
  CHECK(listing_is_complete(y));
  CHECK(relative_error(to_eigen(y), lu.solve(b)) < tolerance);
  IndexedVector z = rhs;
  factor.btran(z);
  CHECK(listing_is_complete(z));
  CHECK(relative_error(to_eigen(z), lu.transpose().solve(b)) < tolerance);
}

bool is_nonsingular(const Eigen::MatrixXd& b) {
  Eigen::FullPivLU<Eigen::MatrixXd> lu(b);
  lu.setThreshold(1e-9);
  return lu.rank() == b.rows();
}

}  // namespace

TEST_CASE("Hand-derived 3x3 basis with a logical, positions out of row order", "[lp][factor]") {
  const std::string kind = GENERATE(as<std::string>{}, "dense", "klu");
  INFO(kind);
  // A (3 x 2): col0 = (2, 0, 1), col1 = (1, 3, 0). Basis positions: [col1, logical of row 2, col0]
  // so B = [[1, 0, 2], [3, 0, 0], [0, 1, 1]].
  Eigen::MatrixXd ad(3, 2);
  ad << 2, 1, 0, 3, 1, 0;
  const core::SparseMatrix a = from_dense(ad);
  std::vector<int> basis{1, 2 + 2, 0};
  auto factor = make_factor(kind);
  REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
  // y = (2, 5, 1): B y = 2 (1,3,0) + 5 (0,0,1) + 1 (2,0,1) = (4, 6, 6).
  IndexedVector y = sparse_rhs(3, {{0, 4.0}, {1, 6.0}, {2, 6.0}});
  factor->ftran(y);
  CHECK(y[0] == Approx(2.0).margin(1e-14));
  CHECK(y[1] == Approx(5.0).margin(1e-14));
  CHECK(y[2] == Approx(1.0).margin(1e-14));
  // z = (1, 2, 3): B^T z = (1 + 6, 3, 2 + 3) = (7, 3, 5).
  IndexedVector z = sparse_rhs(3, {{0, 7.0}, {1, 3.0}, {2, 5.0}});
  factor->btran(z);
  CHECK(z[0] == Approx(1.0).margin(1e-14));
  CHECK(z[1] == Approx(2.0).margin(1e-14));
  CHECK(z[2] == Approx(3.0).margin(1e-14));
  // A unit right-hand side: B y = e_1 (column 1 of B^-1): row 1 gives 3 y0 = 1, row 0
  // y0 + 2 y2 = 0, row 2 y1 + y2 = 0, so y = (1/3, 1/6, -1/6).
  IndexedVector unit = sparse_rhs(3, {{1, 1.0}});
  factor->ftran(unit);
  CHECK(unit[0] == Approx(1.0 / 3.0).margin(1e-14));
  CHECK(unit[1] == Approx(1.0 / 6.0).margin(1e-14));
  CHECK(unit[2] == Approx(-1.0 / 6.0).margin(1e-14));
}

TEST_CASE("Random well-conditioned sparse bases: FTRAN/BTRAN match a dense LU", "[lp][factor]") {
  const std::string kind = GENERATE(as<std::string>{}, "dense", "klu");
  INFO(kind);
  std::mt19937 rng(20240611);
  for (const int m : {1, 7, 60, 300}) {
    for (const double share : {0.2, 0.8, 1.0}) {
      INFO("m = " << m << ", structural share " << share);
      std::vector<int> home;
      const int n = 2 * m;
      const core::SparseMatrix a = dominant_matrix(m, n, rng, home);
      std::vector<int> basis = dominant_basis(m, n, share, rng);
      const std::vector<int> original = basis;
      auto factor = make_factor(kind);
      REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
      CHECK(basis == original);
      const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
      std::uniform_int_distribution<int> row(0, m - 1);
      for (int t = 0; t < 5; ++t) check_solves(*factor, b, sparse_rhs(m, {{row(rng), 1.0}}));
      check_solves(*factor, b, sparse_rhs(m, {{row(rng), 2.5}, {row(rng), -1.0}}));
      check_solves(*factor, b, dense_rhs(m, rng));
    }
  }
}

TEST_CASE("KLU factor has nontrivial block structure and sparse and dense paths agree",
          "[lp][factor][klu]") {
  std::mt19937 rng(7);
  const int m = 400;
  std::vector<int> home;
  const core::SparseMatrix a = dominant_matrix(m, 2 * m, rng, home);
  std::vector<int> basis = dominant_basis(m, 2 * m, 0.6, rng);
  lp::KluBasisFactor factor;
  REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
  // Both 1x1 blocks and at least one kernel block, so the F coupling is exercised.
  CHECK(factor.stats().num_blocks > 1);
  CHECK(factor.stats().largest_block > 1);
  CHECK(factor.stats().off_diagonal_nonzeros > 0);
  for (int r = 0; r < m; r += 37) {
    IndexedVector sparse = sparse_rhs(m, {{r, 1.0}});
    IndexedVector dense = sparse;
    dense.mark_dense();
    factor.ftran(sparse);
    factor.ftran(dense);
    CHECK(relative_error(to_eigen(sparse), to_eigen(dense)) < 1e-14);
    IndexedVector sparse_t = sparse_rhs(m, {{r, 1.0}});
    IndexedVector dense_t = sparse_t;
    dense_t.mark_dense();
    factor.btran(sparse_t);
    factor.btran(dense_t);
    CHECK(relative_error(to_eigen(sparse_t), to_eigen(dense_t)) < 1e-14);
  }
  // Refactorizing the same basis reuses KLU's symbolic analysis.
  REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
  CHECK(factor.stats().symbolic_reused);
}

// KLU sees only B(R_S, S), the rows whose logical is not basic by the structural positions; the
// logicals become 1 x 1 blocks and the structural entries in their rows part of F.
TEST_CASE("KLU: logicals eliminated before the factorization, their rows' entries kept in F",
          "[lp][factor][klu]") {
  SECTION("hand-derived: a logical row's structural entries change the solution") {
    // A (3 x 2): c0 = (5, 2, 0), c1 = (-3, 1, 4). Basis positions [c1, logical of row 0, c0]:
    // B = [[-3, 1, 5], [1, 0, 2], [4, 0, 0]]; row 0 is logical, its entries -3 and 5 go to F.
    Eigen::MatrixXd ad(3, 2);
    ad << 5, -3, 2, 1, 0, 4;
    const core::SparseMatrix a = from_dense(ad);
    std::vector<int> basis{1, 2 + 0, 0};
    lp::KluBasisFactor factor;
    REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
    CHECK(factor.stats().dimension == 3);
    CHECK(factor.stats().off_diagonal_nonzeros >= 2);  // -3 and 5 at least
    // y = (3, 1, 2): B y = 3 c1 + e_0 + 2 c0 = (2, 7, 12).
    IndexedVector y = sparse_rhs(3, {{0, 2.0}, {1, 7.0}, {2, 12.0}});
    factor.ftran(y);
    CHECK(y[0] == Approx(3.0).margin(1e-14));
    CHECK(y[1] == Approx(1.0).margin(1e-14));
    CHECK(y[2] == Approx(2.0).margin(1e-14));
    // B y = e_1: 4 y0 = 0, y0 + 2 y2 = 1, -3 y0 + y1 + 5 y2 = 0, so y = (0, -2.5, 0.5): the
    // logical's value comes only from the F entries of its row.
    for (const bool dense : {false, true}) {
      IndexedVector unit = sparse_rhs(3, {{1, 1.0}});
      if (dense) unit.mark_dense();
      factor.ftran(unit);
      CHECK(unit[0] == Approx(0.0).margin(1e-14));
      CHECK(unit[1] == Approx(-2.5).margin(1e-14));
      CHECK(unit[2] == Approx(0.5).margin(1e-14));
      CHECK(listing_is_complete(unit));
    }
    // z = (1, 2, 3): B^T z = (c1 . z, z0, c0 . z) = (11, 1, 9).
    IndexedVector z = sparse_rhs(3, {{0, 11.0}, {1, 1.0}, {2, 9.0}});
    factor.btran(z);
    CHECK(z[0] == Approx(1.0).margin(1e-14));
    CHECK(z[1] == Approx(2.0).margin(1e-14));
    CHECK(z[2] == Approx(3.0).margin(1e-14));
    // B^T z = e_1 (the logical's position): z0 = 1, then 2 z1 = -5, 4 z2 = 3 - z1.
    for (const bool dense : {false, true}) {
      IndexedVector unit = sparse_rhs(3, {{1, 1.0}});
      if (dense) unit.mark_dense();
      factor.btran(unit);
      CHECK(unit[0] == Approx(1.0).margin(1e-14));
      CHECK(unit[1] == Approx(-2.5).margin(1e-14));
      CHECK(unit[2] == Approx(1.375).margin(1e-14));
      CHECK(listing_is_complete(unit));
    }
  }

  SECTION("random mixed bases with structural entries in logical rows") {
    std::mt19937 rng(4242);
    for (const double share : {0.1, 0.5, 0.9}) {
      INFO("structural share " << share);
      const int m = 250;
      const int n = 2 * m;
      std::vector<int> home;
      const core::SparseMatrix a = dominant_matrix(m, n, rng, home);
      std::vector<int> basis = dominant_basis(m, n, share, rng);
      // The entries of structural basis columns in rows whose logical is basic: these must land
      // in F, and there are many.
      std::vector<char> logical_row(m, 0);
      int num_logicals = 0;
      for (int j : basis)
        if (j >= n) {
          logical_row[j - n] = 1;
          ++num_logicals;
        }
      int top_entries = 0;
      for (int j : basis)
        if (j < n)
          for (int p = a.col_start[j]; p < a.col_start[j + 1]; ++p)
            top_entries += logical_row[a.row_index[p]];
      REQUIRE(top_entries > 10);
      lp::KluBasisFactor factor;
      const std::vector<int> original = basis;
      REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
      CHECK(basis == original);
      const auto& stats = factor.stats();
      CHECK(stats.dimension == m);
      CHECK(stats.num_blocks >= num_logicals + 1);
      CHECK(stats.off_diagonal_nonzeros >= top_entries);
      CHECK(stats.factor_attempts == 1);
      const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
      for (int r = 0; r < m; r += 17) check_solves(factor, b, sparse_rhs(m, {{r, 1.0}}));
      check_solves(factor, b, dense_rhs(m, rng));
      // Sparse and dense paths agree.
      for (int r = 0; r < m; r += 31) {
        for (const bool transpose : {false, true}) {
          IndexedVector sparse = sparse_rhs(m, {{r, 1.0}});
          IndexedVector dense = sparse;
          dense.mark_dense();
          if (transpose) {
            factor.btran(sparse);
            factor.btran(dense);
          } else {
            factor.ftran(sparse);
            factor.ftran(dense);
          }
          CHECK(relative_error(to_eigen(sparse), to_eigen(dense)) < 1e-14);
        }
      }
      // Refactorizing the same basis reuses the symbolic analysis of the reduced matrix.
      REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
      CHECK(factor.stats().symbolic_reused);
      check_solves(factor, b, dense_rhs(m, rng));
    }
  }

  SECTION("all-logical basis: no KLU call, then mixed bases in the same factor") {
    std::mt19937 rng(5);
    const int m = 80;
    const int n = 160;
    std::vector<int> home;
    const core::SparseMatrix a = dominant_matrix(m, n, rng, home);
    std::vector<int> slack(m);
    for (int i = 0; i < m; ++i) slack[i] = n + i;
    std::shuffle(slack.begin(), slack.end(), rng);  // positions out of row order
    lp::KluBasisFactor factor;
    for (int round = 0; round < 2; ++round) {
      std::vector<int> basis = slack;
      REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
      CHECK(basis == slack);
      const auto& stats = factor.stats();
      CHECK(stats.dimension == m);
      CHECK(stats.factor_attempts == 0);
      CHECK(stats.num_blocks == m);
      CHECK(stats.largest_block == 1);
      CHECK(stats.lu_nonzeros == m);
      CHECK(stats.off_diagonal_nonzeros == 0);
      CHECK(stats.condition_estimate == 1.0);
      const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
      check_solves(factor, b, sparse_rhs(m, {{3, 1.0}, {40, -2.0}}));
      check_solves(factor, b, dense_rhs(m, rng));
      // Then a mixed basis (KLU again, after a round without it).
      std::vector<int> mixed = dominant_basis(m, n, 0.5, rng);
      REQUIRE(factor.factorize(a, mixed) == FactorStatus::ok);
      CHECK(factor.stats().factor_attempts == 1);
      check_solves(factor, lp::assemble_dense_basis(a, mixed), dense_rhs(m, rng));
    }
    // An all-logical basis reached by pivot repair of a basis of one zero pivot: the 1 x 1
    // structural B_SS = [0] (column 0 with a zero in its only non-logical row).
    Eigen::MatrixXd ad = Eigen::MatrixXd::Zero(3, 1);
    ad << 1.0, 0.0, 2.0;
    core::SparseMatrix z = from_dense(ad);
    z.row_index.push_back(1);  // an explicit zero keeps column 0 structurally nonzero in row 1
    z.value.push_back(0.0);
    z.col_start.back() = static_cast<int>(z.row_index.size());
    std::vector<int> basis{1 + 0, 0, 1 + 2};  // logicals of rows 0 and 2, column 0
    lp::KluBasisFactor small;
    REQUIRE(small.factorize(z, basis) == FactorStatus::singular_repaired);
    CHECK(basis[1] == 1 + 1);
    check_solves(small, lp::assemble_dense_basis(z, basis), sparse_rhs(3, {{1, 1.0}}));
  }

  SECTION("a logical twice is a structural rank deficiency, repaired") {
    std::mt19937 rng(11);
    const int m = 40;
    const int n = 80;
    std::vector<int> home;
    const core::SparseMatrix a = dominant_matrix(m, n, rng, home);
    std::vector<int> basis = dominant_basis(m, n, 0.5, rng);
    int first = -1, second = -1;
    for (int k = 0; k < m && second < 0; ++k)
      if (basis[k] >= n) (first < 0 ? first : second) = k;
    REQUIRE(second >= 0);
    basis[second] = basis[first];
    lp::KluBasisFactor factor;
    REQUIRE(factor.factorize(a, basis) == FactorStatus::singular_repaired);
    std::vector<int> sorted = basis;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
    REQUIRE(is_nonsingular(b));
    check_solves(factor, b, dense_rhs(m, rng));
  }
}

TEST_CASE("Singular bases are repaired with logicals and then solve correctly", "[lp][factor]") {
  const std::string kind = GENERATE(as<std::string>{}, "dense", "klu");
  INFO(kind);
  std::mt19937 rng(99);
  const int m = 50;
  const int n = 100;
  std::vector<int> home;
  core::SparseMatrix a = dominant_matrix(m, n, rng, home);
  // Append: a zero column (n), a copy of column 3 (n + 1), and the sum of columns 5 and 6 with the
  // pattern of both (n + 2): structurally fine, numerically dependent.
  Eigen::MatrixXd ad = Eigen::MatrixXd::Zero(m, n + 3);
  for (int j = 0; j < n; ++j)
    for (int p = a.col_start[j]; p < a.col_start[j + 1]; ++p) ad(a.row_index[p], j) = a.value[p];
  ad.col(n + 1) = ad.col(3);
  ad.col(n + 2) = ad.col(5) + ad.col(6);
  a = from_dense(ad);
  const int ncols = n + 3;

  SECTION("zero column") {
    std::vector<int> basis(m);
    for (int i = 0; i < m; ++i) basis[i] = ncols + i;
    basis[10] = n;  // the zero column replaces the logical of row 10
    auto factor = make_factor(kind);
    REQUIRE(factor->factorize(a, basis) == FactorStatus::singular_repaired);
    CHECK(basis[10] >= ncols);
    const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
    CHECK(is_nonsingular(b));
    check_solves(*factor, b, dense_rhs(m, rng));
  }
  SECTION("duplicate columns and a dependent combination") {
    std::vector<int> basis = dominant_basis(m, n, 0.5, rng);
    for (int& j : basis)
      if (j >= n) j += ncols - n;  // logicals follow the 3 appended columns
    // Put columns 3, 5, 6 in (at their home rows' positions), then their dependents.
    auto place = [&](int col, int row_slot) {
      for (int& j : basis)
        if (j == ncols + row_slot || (j < n && j % m == row_slot)) j = col;
    };
    place(3, 3);
    place(5, 5);
    place(6, 6);
    place(n + 1, 20);
    place(n + 2, 21);
    std::vector<int> sorted_before = basis;
    std::sort(sorted_before.begin(), sorted_before.end());
    REQUIRE(std::adjacent_find(sorted_before.begin(), sorted_before.end()) == sorted_before.end());
    REQUIRE(!is_nonsingular(lp::assemble_dense_basis(a, basis)));
    auto factor = make_factor(kind);
    REQUIRE(factor->factorize(a, basis) == FactorStatus::singular_repaired);
    const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
    CHECK(is_nonsingular(b));
    check_solves(*factor, b, dense_rhs(m, rng));
    // Column 3 and its copy (n + 1) cannot both stay; columns 5, 6 and their sum neither.
    const auto in_basis = [&](int j) { return std::count(basis.begin(), basis.end(), j); };
    CHECK(in_basis(3) + in_basis(n + 1) == 1);
    CHECK(in_basis(5) + in_basis(6) + in_basis(n + 2) == 2);
    std::vector<int> sorted = basis;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  }
  SECTION("the same column twice") {
    std::vector<int> basis(m);
    for (int i = 0; i < m; ++i) basis[i] = ncols + i;
    basis[3] = 3;
    basis[4] = 3;
    auto factor = make_factor(kind);
    REQUIRE(factor->factorize(a, basis) == FactorStatus::singular_repaired);
    CHECK(std::count(basis.begin(), basis.end(), 3) == 1);
    const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
    CHECK(is_nonsingular(b));
    check_solves(*factor, b, sparse_rhs(m, {{4, 1.0}}));
  }
}

namespace {

// Replaces basis positions `count` times by random nonbasic columns through update(), checking
// every FTRAN/BTRAN against a fresh dense LU of the updated basis. Pivots are taken where
// |alpha_p| >= 0.1 max |alpha| so every update is numerically sound.
void run_update_sequence(BasisFactor& factor, const core::SparseMatrix& a, std::vector<int>& basis,
                         int count, std::mt19937& rng, bool allow_refactor) {
  const int m = a.num_rows;
  const int total = a.num_cols + m;
  std::uniform_int_distribution<int> any_col(0, total - 1), row(0, m - 1);
  int done = 0;
  int attempts = 0;
  while (done < count) {
    REQUIRE(++attempts < 50 * count);
    const int q = any_col(rng);
    if (std::find(basis.begin(), basis.end(), q) != basis.end()) continue;
    IndexedVector alpha(m);
    if (q < a.num_cols) {
      for (int p = a.col_start[q]; p < a.col_start[q + 1]; ++p) alpha.set(a.row_index[p], a.value[p]);
    } else {
      alpha.set(q - a.num_cols, 1.0);
    }
    factor.ftran(alpha);
    double largest = 0.0;
    for (int i = 0; i < m; ++i) largest = std::max(largest, std::fabs(alpha[i]));
    std::vector<int> candidates;
    for (int i = 0; i < m; ++i)
      if (std::fabs(alpha[i]) >= 0.1 * largest && largest > 1e-9) candidates.push_back(i);
    if (candidates.empty()) continue;
    const int position = candidates[std::uniform_int_distribution<int>(
        0, static_cast<int>(candidates.size()) - 1)(rng)];
    REQUIRE(factor.update(position, alpha));
    basis[position] = q;
    ++done;
    REQUIRE(factor.updates_since_refactor() >= 1);
    const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
    check_solves(factor, b, sparse_rhs(m, {{row(rng), 1.0}}), 1e-9);
    // A few nonzeros: the backward etas scatter from each of them (klu_factor.hpp).
    check_solves(factor, b, sparse_rhs(m, {{row(rng), 1.0}, {row(rng), -2.5}, {row(rng), 0.75}}), 1e-9);
    check_solves(factor, b, dense_rhs(m, rng), 1e-9);
    if (allow_refactor && factor.wants_refactor()) {
      REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
      CHECK(factor.updates_since_refactor() == 0);
    }
  }
}

}  // namespace

TEST_CASE("60 product-form updates, each checked against a fresh dense LU", "[lp][factor]") {
  const std::string kind = GENERATE(as<std::string>{}, "dense", "klu");
  INFO(kind);
  std::mt19937 rng(4242);
  const int m = 120;
  std::vector<int> home;
  const core::SparseMatrix a = dominant_matrix(m, 3 * m, rng, home);
  std::vector<int> basis = dominant_basis(m, 3 * m, 0.5, rng);
  auto factor = make_factor(kind);
  REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
  run_update_sequence(*factor, a, basis, 60, rng, false);
  CHECK(factor->updates_since_refactor() == 60);
  // Refactorizing the updated basis gives the same solves from scratch.
  REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
  CHECK(factor->updates_since_refactor() == 0);
  check_solves(*factor, lp::assemble_dense_basis(a, basis), dense_rhs(m, rng));
}

TEST_CASE("Dropping updates returns the factors to an earlier basis, checked against a dense LU", "[lp][factor]") {
  std::mt19937 rng(977);
  const int m = 90;
  std::vector<int> home;
  const core::SparseMatrix a = dominant_matrix(m, 3 * m, rng, home);
  std::vector<int> basis = dominant_basis(m, 3 * m, 0.5, rng);
  SECTION("klu: the etas are truncated") {
    auto factor = make_factor("klu");
    REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
    const long long factorizations = factor->factorizations();
    run_update_sequence(*factor, a, basis, 10, rng, false);
    const std::vector<int> after_ten = basis;
    run_update_sequence(*factor, a, basis, 15, rng, false);
    CHECK(factor->factorizations() == factorizations);  // updates do not count
    CHECK_FALSE(factor->drop_updates_after(26));         // more than there are
    REQUIRE(factor->drop_updates_after(10));
    CHECK(factor->updates_since_refactor() == 10);
    check_solves(*factor, lp::assemble_dense_basis(a, after_ten), dense_rhs(m, rng), 1e-9);
    check_solves(*factor, lp::assemble_dense_basis(a, after_ten), sparse_rhs(m, {{3, 1.0}}), 1e-9);
    // Updating again from there works as from any basis.
    basis = after_ten;
    run_update_sequence(*factor, a, basis, 5, rng, false);
    REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
    CHECK(factor->factorizations() == factorizations + 1);
  }
  SECTION("dense: updates are folded in and cannot be dropped") {
    auto factor = make_factor("dense");
    REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
    run_update_sequence(*factor, a, basis, 3, rng, false);
    CHECK_FALSE(factor->drop_updates_after(1));
    CHECK(factor->drop_updates_after(3));
    check_solves(*factor, lp::assemble_dense_basis(a, basis), dense_rhs(m, rng), 1e-9);
  }
}

TEST_CASE("Tightening the pivot threshold after trouble: stabler pivots, the same solves", "[lp][factor]") {
  std::mt19937 rng(31);
  const int m = 80;
  std::vector<int> home;
  const core::SparseMatrix a = dominant_matrix(m, 3 * m, rng, home);
  const std::vector<int> basis = dominant_basis(m, 3 * m, 0.7, rng);
  const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
  auto klu = make_factor("klu");
  CHECK(klu->pivot_threshold() == core::tol::kFactorPivotThreshold);
  std::vector<double> thresholds{klu->pivot_threshold()};
  while (klu->tighten_pivot_threshold()) thresholds.push_back(klu->pivot_threshold());
  // 0.1, then 0.5 (x5, capped at the strict value), then no further.
  REQUIRE(thresholds.size() == 2);
  CHECK(thresholds[1] == Approx(std::min(core::tol::kFactorPivotThresholdStrict,
                                         core::tol::kFactorPivotThreshold * core::tol::kFactorPivotThresholdGrowth)));
  CHECK_FALSE(klu->tighten_pivot_threshold());
  std::vector<int> factored = basis;
  REQUIRE(klu->factorize(a, factored) == FactorStatus::ok);
  check_solves(*klu, b, dense_rhs(m, rng));
  check_solves(*klu, b, sparse_rhs(m, {{5, 1.0}}));
  // The dense LU has no threshold to tighten.
  auto dense = make_factor("dense");
  CHECK_FALSE(dense->tighten_pivot_threshold());
  CHECK(dense->pivot_threshold() == 0.0);
}

TEST_CASE("Update refusal and refactor triggers", "[lp][factor]") {
  const std::string kind = GENERATE(as<std::string>{}, "dense", "klu");
  INFO(kind);
  const int m = 50;
  core::SparseMatrix a;  // no structural columns: the slack basis
  a.num_rows = m;
  a.num_cols = 0;
  std::vector<int> basis(m);
  for (int i = 0; i < m; ++i) basis[i] = i;
  auto factor = make_factor(kind);
  REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);

  IndexedVector tiny(m);
  tiny.set(0, 1e-13);
  tiny.set(1, 1.0);
  CHECK_FALSE(factor->update(0, tiny));  // below kPivotAbsolute
  IndexedVector relative(m);
  relative.set(0, 1e-8);
  relative.set(1, 1e2);  // 1e-8 < kPivotRelative * 1e2 = 1e-7: refused
  CHECK_FALSE(factor->update(0, relative));
  CHECK(factor->updates_since_refactor() == 0);
  relative.set(0, 1e-6);  // 1e-6 >= 1e-7: accepted
  CHECK(factor->update(0, relative));
  CHECK(factor->updates_since_refactor() == 1);
  REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);

  // Unit etas (alpha = e_p) keep the basis the identity and add no eta nonzeros: only the count
  // limit can trigger.
  for (int u = 0; u < lp::kMaxUpdatesBeforeRefactor; ++u) {
    CHECK_FALSE(factor->wants_refactor());
    IndexedVector unit(m);
    unit.set(u % m, 1.0);
    REQUIRE(factor->update(u % m, unit));
  }
  CHECK(factor->wants_refactor());
  CHECK(factor->updates_since_refactor() == lp::kMaxUpdatesBeforeRefactor);

  if (kind == "klu") {
    // Fill trigger: identity factors hold m nonzeros, so the limit is ratio * (m + m) = 100 eta
    // nonzeros; each dense eta adds m - 1 = 49.
    REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
    for (int u = 0; u < 3; ++u) {
      CHECK(factor->wants_refactor() == (u * (m - 1) > lp::kEtaFillRefactorRatio * 2 * m));
      IndexedVector full(m);
      for (int i = 0; i < m; ++i) full.set(i, 0.5);
      full.set(u, 2.0);
      REQUIRE(factor->update(u, full));
    }
    CHECK(factor->wants_refactor());

    // Work trigger: the identity factors' size is kernel 0 + L, U and diagonal m + F 0 + m = 100,
    // so the limit is kEtaWorkRefactorRatio * 100 eta entries walked. One eta with two entries
    // off its pivot; an FTRAN of e_0 walks the eta list (1) and that eta's entries (2).
    REQUIRE(factor->factorize(a, basis) == FactorStatus::ok);
    IndexedVector small_eta(m);
    small_eta.set(0, 2.0);
    small_eta.set(1, 0.5);
    small_eta.set(2, 0.5);
    REQUIRE(factor->update(0, small_eta));
    const double limit = lp::kEtaWorkRefactorRatio * 2 * m;
    int solves = 0;
    while (!factor->wants_refactor() && solves < 100000) {
      IndexedVector e0(m);
      e0.set(0, 1.0);
      factor->ftran(e0);
      ++solves;
    }
    CHECK(solves == static_cast<int>(std::floor(limit / 3.0)) + 1);  // first 3 * solves > limit
  }
}

#if __has_include("fleetopt/core/mps.hpp")
TEST_CASE("Bases of Netlib models: KLU solves match a dense LU through 60 updates",
          "[lp][factor][netlib]") {
  const auto data = core::shared_data_dir();
  if (!data) {
    fleetopt::test::missing_shared_data();
    return;
  }
  for (const char* name : {"afiro", "sc105", "bandm", "scagr7"}) {
    INFO(name);
    const core::Model model = core::read_mps(*data / "netlib" / (std::string(name) + ".mps.gz"));
    const core::SparseMatrix& a = model.matrix;
    const int m = a.num_rows;
    std::vector<int> basis(m);
    for (int i = 0; i < m; ++i) basis[i] = a.num_cols + i;
    lp::KluBasisFactor factor;
    REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
    std::mt19937 rng(17);
    // Walk away from the slack basis by updates (refactorizing when asked), then refactorize the
    // reached basis from scratch and compare again.
    run_update_sequence(factor, a, basis, 60, rng, true);
    const FactorStatus status = factor.factorize(a, basis);
    CHECK(status != FactorStatus::failed);
    const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
    REQUIRE(is_nonsingular(b));
    for (int r = 0; r < m; r += std::max(1, m / 10))
      check_solves(factor, b, sparse_rhs(m, {{r, 1.0}}), 1e-9);
    check_solves(factor, b, dense_rhs(m, rng), 1e-9);
  }
}
#endif

TEST_CASE("Numerically (not structurally) singular bases go through the KLU pivot repair",
          "[lp][factor]") {
  const std::string kind = GENERATE(as<std::string>{}, "dense", "klu");
  INFO(kind);
  // Columns a, b, a + 2b over 4 rows, all with full patterns: structural rank 3, numerical 2.
  Eigen::MatrixXd ad(4, 3);
  ad << 1.0, 2.0, 5.0,  //
      3.0, -1.0, 1.0,   //
      2.0, 4.0, 10.0,   //
      -1.0, 1.0, 1.0;
  const core::SparseMatrix a = from_dense(ad);
  std::vector<int> basis{0, 1, 2, 3 + 3};  // + the logical of row 3
  REQUIRE(!is_nonsingular(lp::assemble_dense_basis(a, basis)));
  auto factor = make_factor(kind);
  REQUIRE(factor->factorize(a, basis) == FactorStatus::singular_repaired);
  // Exactly one of the three dependent columns leaves, for a logical of a row other than 3.
  CHECK(std::count_if(basis.begin(), basis.end(), [](int j) { return j < 3; }) == 2);
  CHECK(std::count(basis.begin(), basis.end(), 6) == 1);
  const Eigen::MatrixXd b = lp::assemble_dense_basis(a, basis);
  CHECK(is_nonsingular(b));
  std::mt19937 rng(1);
  check_solves(*factor, b, dense_rhs(4, rng));
  check_solves(*factor, b, sparse_rhs(4, {{2, 1.0}}));
  if (kind == "klu") {
    const auto& stats = dynamic_cast<const lp::KluBasisFactor&>(*factor).stats();
    CHECK(stats.factor_attempts == 2);  // one failed factorization, one after the repair
    CHECK(stats.repaired_positions == 1);
  }
}

TEST_CASE("KLU: cancellation residue becomes an exact zero while true small values stay",
          "[lp][factor]") {
  // A: col0 = (1, 0, -1), col1 = (0, 1, -1), col2 = (0, 0, 1); all three basic, so B = A.
  // FTRAN B y = r: y0 = r0, y1 = r1, y2 = r2 + y0 + y1. BTRAN B^T z = s: z2 = s2, z0 = s0 + z2,
  // z1 = s1 + z2.
  Eigen::MatrixXd ad(3, 3);
  ad << 1, 0, 0, 0, 1, 0, -1, -1, 1;
  const core::SparseMatrix a = from_dense(ad);
  std::vector<int> basis{0, 1, 2};
  lp::KluBasisFactor factor;
  REQUIRE(factor.factorize(a, basis) == FactorStatus::ok);
  // In real arithmetic y2 = -0.3 + 0.1 + 0.2 = 0; in double every order of those sums leaves
  // a residue of about 3e-17 to 6e-17, far below core::tol::kSolveTiny.
  REQUIRE((-0.3 + 0.1) + 0.2 != 0.0);
  REQUIRE(-0.3 + (0.1 + 0.2) != 0.0);
  IndexedVector y = sparse_rhs(3, {{0, 0.1}, {1, 0.2}, {2, -0.3}});
  factor.ftran(y);
  CHECK(y[0] == Approx(0.1).margin(1e-15));
  CHECK(y[1] == Approx(0.2).margin(1e-15));
  CHECK(y[2] == 0.0);
  CHECK(std::find(y.indices().begin(), y.indices().end(), 2) == y.indices().end());
  // A true value of 1e-12 (far above the residue) is kept and listed.
  IndexedVector w = sparse_rhs(3, {{0, 0.1}, {1, 0.2}, {2, -0.3 + 1e-12}});
  factor.ftran(w);
  CHECK(w[2] == Approx(1e-12).margin(1e-15));
  CHECK(std::find(w.indices().begin(), w.indices().end(), 2) != w.indices().end());
  // BTRAN: z0 = -0.3 + (0.1 + 0.2) is residue, z1 = 0.5 + 0.3 is not.
  IndexedVector z = sparse_rhs(3, {{0, -0.3}, {1, 0.5}, {2, 0.1 + 0.2}});
  factor.btran(z);
  CHECK(z[0] == 0.0);
  CHECK(std::find(z.indices().begin(), z.indices().end(), 0) == z.indices().end());
  CHECK(z[1] == Approx(0.8).margin(1e-15));
  CHECK(z[2] == Approx(0.3).margin(1e-15));
}
