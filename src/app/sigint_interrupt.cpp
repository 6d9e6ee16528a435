#include "sigint_interrupt.hpp"

#include <unistd.h>

namespace fleetopt::app {

namespace {

// Lock-free, so that storing and loading it in a signal handler is async-signal-safe.
std::atomic<bool> sigint_received{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT flag must be lock-free");

extern "C" void on_sigint(int) {
  if (sigint_received.load()) _exit(130);
  sigint_received.store(true);
  static const char kMessage[] =
      "\nfleetopt: interrupted: stopping with the best solution so far (Ctrl-C again to quit at once)\n";
  // Nothing useful can be done if stderr is gone; the flag is what matters.
  const ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
}

}  // namespace

SigintInterrupt::SigintInterrupt() {
  sigint_received.store(false);
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // file writes in progress resume instead of failing with EINTR
  sigaction(SIGINT, &action, &previous_);
}

SigintInterrupt::~SigintInterrupt() { sigaction(SIGINT, &previous_, nullptr); }

const std::atomic<bool>* SigintInterrupt::flag() const { return &sigint_received; }

}  // namespace fleetopt::app
