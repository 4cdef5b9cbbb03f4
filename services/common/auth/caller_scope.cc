#include "services/common/auth/caller_scope.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace hoptac {

absl::StatusOr<std::vector<std::string>> SubtreeCodesOrLastKnown(
    const OrgUnitTree& tree, const grpc::ServerContextBase* incoming, absl::string_view code,
    absl::CivilDay day) {
  auto codes = tree.SubtreeCodes(incoming, code, day);
  if (absl::IsNotFound(codes.status()) && day > kLastDayOfDistricts) {
    codes = tree.SubtreeCodes(incoming, code, kLastDayOfDistricts);
  }
  return codes;
}

CallerScope::CallerScope(const OrgUnitTree& tree, std::function<absl::CivilDay()> today,
                         absl::Duration cache_for)
    : tree_(tree), today_(std::move(today)), cache_for_(cache_for) {}

absl::StatusOr<absl::flat_hash_set<std::string>> CallerScope::CachedSubtree(
    const grpc::ServerContextBase* incoming, const Caller& caller) {
  const auto key = std::make_pair(caller.org_unit, today_());
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now - it->second.fetched < cache_for_) return it->second.codes;
  }
  // A district the 2025 reform dissolved: its officers still close its books
  // (the 2023-2025 reports), over its subtree on its last day.
  auto codes = SubtreeCodesOrLastKnown(tree_, incoming, caller.org_unit, key.second);
  Entry entry{{}, now};
  if (codes.ok()) {
    entry.codes.insert(codes->begin(), codes->end());
  } else if (codes.status().code() != absl::StatusCode::kNotFound) {
    return codes.status();
  }
  // The caller's unit unknown today: nothing is inside it but itself.
  entry.codes.insert(caller.org_unit);
  absl::MutexLock lock(&mutex_);
  cache_[key] = entry;
  return std::move(entry.codes);
}

absl::StatusOr<std::vector<std::string>> CallerScope::SubtreeOf(
    const grpc::ServerContextBase* incoming, const Caller& caller) {
  auto codes = CachedSubtree(incoming, caller);
  if (!codes.ok()) return codes.status();
  std::vector<std::string> sorted(codes->begin(), codes->end());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

absl::StatusOr<Reach> CallerScope::ReachOf(const grpc::ServerContextBase* incoming,
                                           const Caller& caller, absl::string_view unit_code) {
  if (unit_code == caller.org_unit) return Reach::kInside;
  auto codes = CachedSubtree(incoming, caller);
  if (!codes.ok()) return codes.status();
  return codes->contains(unit_code) ? Reach::kInside : Reach::kOutside;
}

absl::Status CallerScope::Check(const grpc::ServerContextBase* incoming, const Caller& caller,
                                Access access, absl::string_view unit_code) {
  // A role that may not do this anywhere needs no tree.
  if (!Permits(caller.role, access, Reach::kInside)) {
    return Authorize(caller, access, Reach::kInside);
  }
  if (Permits(caller.role, access, Reach::kOutside)) return absl::OkStatus();
  auto reach = ReachOf(incoming, caller, unit_code);
  if (!reach.ok()) return reach.status();
  return Authorize(caller, access, *reach);
}

}  // namespace hoptac
