// Abuse limits at the gateway (issue 7): a token bucket per caller (the token's
// subject; the peer address when the call is not authenticated), shared by
// gRPC and HTTP/JSON. A bucket holds up to `burst` calls and refills at
// `per_second`; a call that finds it empty is RESOURCE_EXHAUSTED naming the
// limit, and the caller may retry after RetryAfter().
#ifndef HOPTAC_SERVICES_GATEWAY_RATE_LIMITER_H_
#define HOPTAC_SERVICES_GATEWAY_RATE_LIMITER_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hoptac::gateway {

struct RateLimit {
  double per_second = 20;  // sustained calls per second per caller; 0 turns the limit off
  int burst = 40;          // calls a caller may make at once
};

// The checked --rate_limit_per_second and --rate_limit_burst; INVALID_ARGUMENT
// naming the setting.
absl::StatusOr<RateLimit> CheckedRateLimit(double per_second, int burst);

// Thread-safe.
class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit, std::function<absl::Time()> now = absl::Now,
                       size_t max_callers = 100000);

  // Takes one call from `caller`'s bucket: OK, or RESOURCE_EXHAUSTED naming
  // the limit and when to retry.
  absl::Status Admit(absl::string_view caller);

  // How long until an empty bucket holds one call again (at least 1 s, the
  // unit of HTTP's Retry-After).
  absl::Duration RetryAfter() const;

  const RateLimit& limit() const { return limit_; }

 private:
  struct Bucket {
    double calls = 0;
    absl::Time updated;
  };
  double Refilled(const Bucket& bucket, absl::Time now) const;
  void ForgetFullBuckets(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const RateLimit limit_;
  const std::function<absl::Time()> now_;
  const size_t max_callers_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_RATE_LIMITER_H_
