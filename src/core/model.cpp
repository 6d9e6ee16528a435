#include "fleetopt/core/model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace fleetopt::core {

SparseMatrix SparseMatrix::transpose() const {
  SparseMatrix t;
  t.num_rows = num_cols;
  t.num_cols = num_rows;
  t.col_start.assign(num_rows + 1, 0);
  for (int r : row_index) ++t.col_start[r + 1];
  for (int r = 0; r < num_rows; ++r) t.col_start[r + 1] += t.col_start[r];
  t.row_index.resize(row_index.size());
  t.value.resize(value.size());
  std::vector<int> next(t.col_start.begin(), t.col_start.end() - 1);
  // Walking columns in order keeps the row indices of the transpose sorted.
  for (int j = 0; j < num_cols; ++j) {
    for (int k = col_start[j]; k < col_start[j + 1]; ++k) {
      const int pos = next[row_index[k]]++;
      t.row_index[pos] = j;
      t.value[pos] = value[k];
    }
  }
  return t;
}

int Model::num_integers() const {
  return static_cast<int>(std::count(is_integer.begin(), is_integer.end(), 1));
}

double Model::objective_value(const std::vector<double>& x) const {
  double sum = objective_constant;
  for (int j = 0; j < num_cols(); ++j) sum += objective[j] * x[j];
  return sum;
}

std::vector<double> Model::row_activity(const std::vector<double>& x) const {
  std::vector<double> activity(num_rows(), 0.0);
  for (int j = 0; j < num_cols(); ++j) {
    if (x[j] == 0.0) continue;
    for (int k = matrix.col_start[j]; k < matrix.col_start[j + 1]; ++k)
      activity[matrix.row_index[k]] += matrix.value[k] * x[j];
  }
  return activity;
}

namespace {
[[noreturn]] void fail(const std::string& what) {
  throw std::logic_error("invalid model: " + what);
}

void check_bounds(const std::vector<double>& lower, const std::vector<double>& upper,
                  const std::vector<std::string>& names, const char* kind) {
  for (size_t i = 0; i < lower.size(); ++i) {
    if (std::isnan(lower[i]) || std::isnan(upper[i]))
      fail(std::string(kind) + " '" + names[i] + "' has a NaN bound");
    if (lower[i] > upper[i])
      fail(std::string(kind) + " '" + names[i] + "' has lower bound above upper bound");
    if (lower[i] == kInfinity || upper[i] == -kInfinity)
      fail(std::string(kind) + " '" + names[i] + "' has an infinite bound on the wrong side");
  }
}

void check_unique(const std::vector<std::string>& names, const char* kind) {
  std::unordered_set<std::string> seen;
  for (const auto& n : names) {
    if (n.empty()) fail(std::string("a ") + kind + " has an empty name");
    if (!seen.insert(n).second) fail(std::string("duplicate ") + kind + " name '" + n + "'");
  }
}
}  // namespace

void Model::validate() const {
  const size_t n = col_lower.size();
  const size_t m = row_lower.size();
  if (objective.size() != n || col_upper.size() != n || is_integer.size() != n ||
      col_names.size() != n)
    fail("column arrays differ in length");
  if (row_upper.size() != m || row_names.size() != m) fail("row arrays differ in length");
  if (matrix.num_rows != static_cast<int>(m) || matrix.num_cols != static_cast<int>(n) ||
      matrix.col_start.size() != n + 1 || matrix.row_index.size() != matrix.value.size() ||
      matrix.col_start.front() != 0 ||
      matrix.col_start.back() != static_cast<int>(matrix.row_index.size()))
    fail("matrix dimensions do not match the bounds");
  for (size_t j = 0; j < n; ++j) {
    if (!std::isfinite(objective[j])) fail("column '" + col_names[j] + "' has a non-finite cost");
    for (int k = matrix.col_start[j]; k < matrix.col_start[j + 1]; ++k) {
      const int r = matrix.row_index[k];
      if (r < 0 || r >= static_cast<int>(m)) fail("row index out of range in '" + col_names[j] + "'");
      if (k > matrix.col_start[j] && matrix.row_index[k - 1] >= r)
        fail("row indices not increasing in column '" + col_names[j] + "'");
      if (!std::isfinite(matrix.value[k]) || matrix.value[k] == 0.0)
        fail("zero or non-finite coefficient in column '" + col_names[j] + "'");
    }
  }
  if (!std::isfinite(objective_constant)) fail("non-finite objective constant");
  check_bounds(col_lower, col_upper, col_names, "column");
  check_bounds(row_lower, row_upper, row_names, "row");
  check_unique(col_names, "column");
  check_unique(row_names, "row");
}

ModelBuilder::ModelBuilder(std::string name, ObjectiveSense sense) {
  model_.name = std::move(name);
  model_.sense = sense;
}

int ModelBuilder::add_column(std::string name, double cost, double lower, double upper,
                             bool integer) {
  model_.col_names.push_back(std::move(name));
  model_.objective.push_back(cost);
  model_.col_lower.push_back(lower);
  model_.col_upper.push_back(upper);
  model_.is_integer.push_back(integer ? 1 : 0);
  return model_.num_cols() - 1;
}

int ModelBuilder::add_row(std::string name, double lower, double upper) {
  model_.row_names.push_back(std::move(name));
  model_.row_lower.push_back(lower);
  model_.row_upper.push_back(upper);
  return model_.num_rows() - 1;
}

int ModelBuilder::add_row(std::string name, double lower, double upper,
                          const std::vector<int>& cols, const std::vector<double>& values) {
  if (cols.size() != values.size()) throw std::logic_error("add_row: cols and values differ in length");
  const int row = add_row(std::move(name), lower, upper);
  for (size_t k = 0; k < cols.size(); ++k) add_entry(row, cols[k], values[k]);
  return row;
}

void ModelBuilder::add_entry(int row, int col, double value) {
  if (row < 0 || row >= model_.num_rows() || col < 0 || col >= model_.num_cols())
    throw std::logic_error("add_entry: index out of range");
  if (value != 0.0) triplets_.push_back({row, col, value});
}

Model ModelBuilder::build() {
  std::stable_sort(triplets_.begin(), triplets_.end(), [](const Triplet& a, const Triplet& b) {
    return a.col != b.col ? a.col < b.col : a.row < b.row;
  });
  SparseMatrix& a = model_.matrix;
  a.num_rows = model_.num_rows();
  a.num_cols = model_.num_cols();
  a.col_start.assign(a.num_cols + 1, 0);
  a.row_index.clear();
  a.value.clear();
  for (size_t k = 0; k < triplets_.size();) {
    const Triplet& t = triplets_[k];
    double sum = 0.0;
    size_t e = k;
    for (; e < triplets_.size() && triplets_[e].col == t.col && triplets_[e].row == t.row; ++e)
      sum += triplets_[e].value;
    if (sum != 0.0) {
      a.row_index.push_back(t.row);
      a.value.push_back(sum);
      ++a.col_start[t.col + 1];
    }
    k = e;
  }
  for (int j = 0; j < a.num_cols; ++j) a.col_start[j + 1] += a.col_start[j];
  triplets_.clear();
  model_.validate();
  return std::move(model_);
}

}  // namespace fleetopt::core
