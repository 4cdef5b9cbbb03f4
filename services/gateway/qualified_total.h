// Sums of counts that carry a qualifier (exact, "khoảng" about, "trên"/"hơn"
// over). The sum keeps the weakest qualifier of its parts: about + exact =
// about, over + exact = over, about + over = about (a sum with an
// approximate part is only approximately known, whatever else it holds).
#ifndef HOPTAC_SERVICES_GATEWAY_QUALIFIED_TOTAL_H_
#define HOPTAC_SERVICES_GATEWAY_QUALIFIED_TOTAL_H_

#include <cstdint>

namespace hoptac::gateway {

// Numbers of hoptac.report.v1.CountQualifier; 0 (unset) reads as exact.
enum class Exactness { kExact = 1, kAbout = 2, kOver = 3 };

// The qualifier number as read (0 and unknown numbers are exact).
Exactness ExactnessFromNumber(int number);

// The weaker of two: about is weaker than over, over weaker than exact.
Exactness Weakest(Exactness a, Exactness b);

class QualifiedTotal {
 public:
  void Add(int64_t value, Exactness exactness) {
    value_ += value;
    exactness_ = Weakest(exactness_, exactness);
  }
  int64_t value() const { return value_; }
  Exactness exactness() const { return exactness_; }

 private:
  int64_t value_ = 0;
  Exactness exactness_ = Exactness::kExact;
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_QUALIFIED_TOTAL_H_
