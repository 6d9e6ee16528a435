// A minimal thread pool for independent tasks numbered 0..count-1: the workers take the next
// unstarted index from one shared counter, so tasks start in index order whatever the number of
// threads. Callers store results by index and combine them by index, which makes the outcome
// independent of the number of threads (the fleet solver's blocks, decomposition.hpp).
#pragma once

#include <functional>

namespace fleetopt::core {

// The number of worker threads to use for `requested` (0 = std::thread::hardware_concurrency(),
// at least 1) and `tasks` tasks: never more threads than tasks, never fewer than 1.
int worker_count(int requested, int tasks);

// Runs task(i) for i = 0..count-1 on worker_count(threads, count) threads (the calling thread is
// one of them, so threads = 1 runs everything inline, in order). Before starting task i a worker
// asks should_start(i) (may be empty); once it says false no further task is started (tasks
// already running finish). If a task throws, no further task is started and, after every worker
// has finished, the exception of the lowest-numbered failing task is rethrown.
void run_indexed(int count, int threads, const std::function<void(int)>& task,
                 const std::function<bool(int)>& should_start = {});

}  // namespace fleetopt::core
