#include "fleetopt/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fleetopt::core {

int worker_count(int requested, int tasks) {
  int threads = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::min(threads, tasks);
  return std::max(threads, 1);
}

void run_indexed(int count, int threads, const std::function<void(int)>& task,
                 const std::function<bool(int)>& should_start) {
  std::atomic<int> next{0};
  std::atomic<bool> stop{false};
  std::mutex failure_mutex;
  int failed_index = count;
  std::exception_ptr failure;

  auto worker = [&] {
    while (!stop.load()) {
      const int i = next.fetch_add(1);
      if (i >= count) return;
      if (should_start && !should_start(i)) {
        stop = true;
        return;
      }
      try {
        task(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (i < failed_index) {
          failed_index = i;
          failure = std::current_exception();
        }
        stop = true;
      }
    }
  };

  const int workers = worker_count(threads, count);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(workers) - 1);
  for (int w = 1; w < workers; ++w) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace fleetopt::core
