#include "services/gateway/qualified_total.h"

namespace hoptac::gateway {
namespace {

// Higher is weaker.
int Weakness(Exactness e) {
  switch (e) {
    case Exactness::kExact: return 0;
    case Exactness::kOver: return 1;
    case Exactness::kAbout: return 2;
  }
  return 0;
}

}  // namespace

Exactness ExactnessFromNumber(int number) {
  if (number == 2) return Exactness::kAbout;
  if (number == 3) return Exactness::kOver;
  return Exactness::kExact;
}

Exactness Weakest(Exactness a, Exactness b) { return Weakness(a) >= Weakness(b) ? a : b; }

}  // namespace hoptac::gateway
