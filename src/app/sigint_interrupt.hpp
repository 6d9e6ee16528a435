// Ctrl-C for long solves: while a SigintInterrupt exists, the first SIGINT sets an atomic flag
// that the branch-and-bound (MipOptions::interrupt) and the LP (LpOptions::interrupt) poll, so the
// solver stops at its next node or simplex iteration and returns its incumbent and bound with
// status interrupted, and the command writes and checks its result as usual. A second SIGINT
// ends the process at once with exit code 130 (128 + SIGINT, what shells report for Ctrl-C);
// outputs stay all-or-nothing because a result folder only appears by rename.
//
// The handler is installed with sigaction and does only async-signal-safe things: a lock-free
// atomic load and store, write(2) and _exit(2). The app layer owns signals; no library installs
// a handler.
#pragma once

#include <atomic>
#include <csignal>

namespace fleetopt::app {

class SigintInterrupt {
 public:
  SigintInterrupt();   // installs the handler (the flag starts false)
  ~SigintInterrupt();  // restores the previous handler
  SigintInterrupt(const SigintInterrupt&) = delete;
  SigintInterrupt& operator=(const SigintInterrupt&) = delete;

  const std::atomic<bool>* flag() const;
  bool interrupted() const { return flag()->load(); }

 private:
  struct sigaction previous_ {};
};

}  // namespace fleetopt::app
