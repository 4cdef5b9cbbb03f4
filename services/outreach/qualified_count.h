// Counts as the documents write them: exact ("30"), about ("khoảng 120") or
// over ("trên 40", "hơn 100"). The qualifier is data: a sum keeps the weakest.
//
// Weakness order, strongest first: EXACT < OVER < ABOUT.
//   exact + exact = exact; about 120 + exact 30 = about 150;
//   over 40 + exact 10 = over 50;
//   about + over = ABOUT: "over 40" promises at least 41, "about 120" promises
//   nothing, so the sum is only approximate; calling it "over" would claim a
//   lower bound that the approximate part does not give.
#ifndef HOPTAC_SERVICES_OUTREACH_QUALIFIED_COUNT_H_
#define HOPTAC_SERVICES_OUTREACH_QUALIFIED_COUNT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hoptac::outreach {

// Values match hoptac.outreach.v1.CountQualifier (and the SQL column) and are
// ordered by weakness, so the weakest of two is the larger.
enum class CountQualifier : int { kExact = 1, kOver = 3, kAbout = 2 };

// Rank by weakness: 0 exact, 1 over, 2 about.
int Weakness(CountQualifier qualifier);

// The weaker of two qualifiers.
CountQualifier Weakest(CountQualifier a, CountQualifier b);

struct QualifiedCount {
  int64_t value = 0;
  CountQualifier qualifier = CountQualifier::kExact;

  friend bool operator==(const QualifiedCount&, const QualifiedCount&) = default;
};

// Upper bound of any one count and of any sum (no overflow, and far above
// any real attendance or broadcast log).
inline constexpr int64_t kMaxCount = 1'000'000'000'000;

// Sum keeping the weakest qualifier. INVALID_ARGUMENT for a negative operand
// or a sum above kMaxCount.
absl::StatusOr<QualifiedCount> Add(const QualifiedCount& a, const QualifiedCount& b);

// "khoảng 120", "trên 40", "30" — the report's wording.
std::string FormatVietnamese(const QualifiedCount& count);

}  // namespace hoptac::outreach

#endif  // HOPTAC_SERVICES_OUTREACH_QUALIFIED_COUNT_H_
