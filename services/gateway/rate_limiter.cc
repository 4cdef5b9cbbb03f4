#include "services/gateway/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace hoptac::gateway {

absl::StatusOr<RateLimit> CheckedRateLimit(double per_second, int burst) {
  if (!(per_second >= 0) || !std::isfinite(per_second)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "setting --rate_limit_per_second: ", per_second, " is not a rate (>= 0; 0 turns it off)"));
  }
  if (burst < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("setting --rate_limit_burst: ", burst, " is not a burst (>= 1)"));
  }
  return RateLimit{per_second, burst};
}

RateLimiter::RateLimiter(RateLimit limit, std::function<absl::Time()> now, size_t max_callers)
    : limit_(limit), now_(std::move(now)), max_callers_(max_callers) {}

double RateLimiter::Refilled(const Bucket& bucket, absl::Time now) const {
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - bucket.updated));
  return std::min<double>(limit_.burst, bucket.calls + elapsed * limit_.per_second);
}

void RateLimiter::ForgetFullBuckets(absl::Time now) {
  // A full bucket is the same as no bucket: forgetting it bounds the memory
  // that many callers (or spoofed peers) can take.
  absl::erase_if(buckets_, [&](const auto& entry) {
    return Refilled(entry.second, now) >= limit_.burst;
  });
}

absl::Status RateLimiter::Admit(absl::string_view caller) {
  if (limit_.per_second == 0) return absl::OkStatus();
  const absl::Time now = now_();
  absl::MutexLock lock(&mutex_);
  auto it = buckets_.find(caller);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_callers_) ForgetFullBuckets(now);
    it = buckets_.emplace(std::string(caller), Bucket{static_cast<double>(limit_.burst), now})
             .first;
  }
  Bucket& bucket = it->second;
  bucket.calls = Refilled(bucket, now);
  bucket.updated = now;
  if (bucket.calls < 1) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "rate limit: more than ", limit_.per_second, " calls per second (bursts of ",
        limit_.burst, ") from one caller; retry after ",
        absl::ToInt64Seconds(RetryAfter()), " s"));
  }
  bucket.calls -= 1;
  return absl::OkStatus();
}

absl::Duration RateLimiter::RetryAfter() const {
  if (limit_.per_second <= 0) return absl::Seconds(1);
  return std::max(absl::Seconds(1), absl::Ceil(absl::Seconds(1 / limit_.per_second),
                                               absl::Seconds(1)));
}

}  // namespace hoptac::gateway
