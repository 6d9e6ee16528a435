// run_indexed: every task runs once, tasks start in index order, should_start stops the pool,
// and the exception of the lowest-numbered failing task is the one rethrown.
#include <catch2/catch.hpp>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "fleetopt/core/parallel.hpp"

using namespace fleetopt::core;

TEST_CASE("worker_count stays between 1 and the number of tasks", "[core][parallel]") {
  CHECK(worker_count(3, 2) == 2);
  CHECK(worker_count(1, 10) == 1);
  CHECK(worker_count(4, 0) == 1);
  CHECK(worker_count(0, 1) == 1);
  const int all_cores = worker_count(0, 1000);
  CHECK(all_cores >= 1);
  CHECK(all_cores <= 1000);
}

TEST_CASE("run_indexed runs every task exactly once", "[core][parallel]") {
  for (int threads : {0, 1, 2, 4}) {
    INFO(threads << " threads");
    std::vector<std::atomic<int>> runs(50);
    std::mutex order_mutex;
    std::vector<int> start_order;
    run_indexed(50, threads, [&](int i) {
      {
        std::lock_guard<std::mutex> lock(order_mutex);
        start_order.push_back(i);
      }
      ++runs[i];
    });
    for (int i = 0; i < 50; ++i) CHECK(runs[i] == 1);
    REQUIRE(start_order.size() == 50);
    // With one thread the order is exact; with more, a worker may be descheduled between taking
    // its index and starting, so only "each once" is certain.
    if (threads == 1)
      for (int k = 0; k < 50; ++k) CHECK(start_order[k] == k);
  }
}

TEST_CASE("run_indexed on one thread runs inline, in order, and stops when should_start says no",
          "[core][parallel]") {
  std::vector<int> ran;
  run_indexed(10, 1, [&](int i) { ran.push_back(i); }, [](int i) { return i < 4; });
  CHECK(ran == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("run_indexed rethrows the lowest-numbered failure after every worker finished", "[core][parallel]") {
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    std::atomic<int> finished{0};
    try {
      run_indexed(8, threads, [&](int i) {
        if (i == 2 || i == 5) throw std::runtime_error("task " + std::to_string(i));
        ++finished;
      });
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "task 2");
    }
    // Task 2 stops the pool: 0 and 1 ran; with one thread nothing after 2 started.
    CHECK(finished >= 2);
    if (threads == 1) CHECK(finished == 2);
  }
}
