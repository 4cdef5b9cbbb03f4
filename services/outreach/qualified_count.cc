#include "services/outreach/qualified_count.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace hoptac::outreach {

int Weakness(CountQualifier qualifier) {
  switch (qualifier) {
    case CountQualifier::kExact:
      return 0;
    case CountQualifier::kOver:
      return 1;
    case CountQualifier::kAbout:
      return 2;
  }
  return 2;
}

CountQualifier Weakest(CountQualifier a, CountQualifier b) {
  return Weakness(a) >= Weakness(b) ? a : b;
}

absl::StatusOr<QualifiedCount> Add(const QualifiedCount& a, const QualifiedCount& b) {
  if (a.value < 0 || b.value < 0) {
    return absl::InvalidArgumentError("count: must not be negative");
  }
  if (a.value > kMaxCount - b.value) {
    return absl::InvalidArgumentError(absl::StrCat("count: sum exceeds ", kMaxCount));
  }
  return QualifiedCount{a.value + b.value, Weakest(a.qualifier, b.qualifier)};
}

std::string FormatVietnamese(const QualifiedCount& count) {
  switch (count.qualifier) {
    case CountQualifier::kAbout:
      return absl::StrCat("khoảng ", count.value);
    case CountQualifier::kOver:
      return absl::StrCat("trên ", count.value);
    case CountQualifier::kExact:
      break;
  }
  return absl::StrCat(count.value);
}

}  // namespace hoptac::outreach
