// A general sparse mixed-integer linear model:
//
//     min or max   c^T x + c0
//     subject to   row_lower <= A x <= row_upper
//                  col_lower <=  x  <= col_upper,   x_j integer for j with is_integer[j]
//
// A is stored column-wise (CSC). Infinite bounds are +-kInfinity. Every layer above talks about
// models in these terms; the MPS/LP readers and writers, the LP engine and the fleet formulation
// builder all produce or consume a Model.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace fleetopt::core {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

enum class ObjectiveSense { minimize, maximize };

// Compressed sparse column matrix. Column j holds entries col_start[j] .. col_start[j+1]-1 of
// row_index/value. Row indices within a column are strictly increasing, no explicit zeros.
struct SparseMatrix {
  int num_rows = 0;
  int num_cols = 0;
  std::vector<int> col_start{0};
  std::vector<int> row_index;
  std::vector<double> value;

  int nonzeros() const { return static_cast<int>(row_index.size()); }
  // Row-wise copy (the transpose in CSC form), for pricing and for row-by-row checks.
  SparseMatrix transpose() const;
};

struct Model {
  std::string name;
  ObjectiveSense sense = ObjectiveSense::minimize;
  std::string objective_name = "obj";
  double objective_constant = 0.0;

  std::vector<double> objective;  // per column
  std::vector<double> col_lower;
  std::vector<double> col_upper;
  std::vector<char> is_integer;  // per column, 0 or 1 (char: vector<bool> has no data())
  std::vector<std::string> col_names;

  std::vector<double> row_lower;
  std::vector<double> row_upper;
  std::vector<std::string> row_names;

  SparseMatrix matrix;

  int num_rows() const { return static_cast<int>(row_lower.size()); }
  int num_cols() const { return static_cast<int>(col_lower.size()); }
  int num_integers() const;

  // Objective value c^T x + c0 at x (in the model's own sense, no sign change).
  double objective_value(const std::vector<double>& x) const;
  // Row activities A x.
  std::vector<double> row_activity(const std::vector<double>& x) const;

  // Throws std::logic_error describing the first inconsistency (sizes, CSC order, NaN, lower >
  // upper, duplicate names). Cheap enough to call after every build.
  void validate() const;
};

// Builds a Model column by column and row by row from (row, col, value) triplets. Names are
// required and must be unique; they are what MPS/LP files and reference solvers use.
class ModelBuilder {
 public:
  explicit ModelBuilder(std::string name = "model",
                        ObjectiveSense sense = ObjectiveSense::minimize);

  int add_column(std::string name, double cost, double lower, double upper,
                 bool integer = false);
  int add_row(std::string name, double lower, double upper);
  // Adds `value` to A(row, col). Zeros are dropped; repeated (row, col) pairs are summed.
  void add_entry(int row, int col, double value);
  // Convenience: a whole row at once.
  int add_row(std::string name, double lower, double upper, const std::vector<int>& cols,
              const std::vector<double>& values);

  void set_objective_constant(double c0) { model_.objective_constant = c0; }
  void set_objective_name(std::string name) { model_.objective_name = std::move(name); }
  int num_rows() const { return model_.num_rows(); }
  int num_cols() const { return model_.num_cols(); }

  // Compresses the triplets into CSC, validates and returns the model. The builder is spent.
  Model build();

 private:
  struct Triplet {
    int row;
    int col;
    double value;
  };
  Model model_;
  std::vector<Triplet> triplets_;
};

}  // namespace fleetopt::core
