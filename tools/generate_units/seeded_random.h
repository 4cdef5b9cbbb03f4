// A small deterministic random source: the same seed gives the same numbers
// on every machine and compiler (std::uniform_int_distribution does not
// promise that), so a generated unit is the same on every run.
#ifndef HOPTAC_TOOLS_GENERATE_UNITS_SEEDED_RANDOM_H_
#define HOPTAC_TOOLS_GENERATE_UNITS_SEEDED_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace hoptac::generate {

class SeededRandom {
 public:
  // Seeded from a text, e.g. "180/subsidy": the unit code and a stream name,
  // so that each part of a unit draws from its own stream.
  explicit SeededRandom(absl::string_view seed) {
    uint64_t hash = 1469598103934665603ull;  // FNV-1a
    for (const unsigned char c : seed) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    state_ = hash;
  }

  // splitmix64.
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // A whole number in [low, high].
  int64_t Uniform(int64_t low, int64_t high) {
    if (high <= low) return low;
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }

  // True with the given probability in percent.
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(0, static_cast<int64_t>(items.size()) - 1))];
  }

  // Fisher-Yates with this source.
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[static_cast<size_t>(Uniform(0, static_cast<int64_t>(i) - 1))]);
    }
  }

 private:
  uint64_t state_;
};

}  // namespace hoptac::generate

#endif  // HOPTAC_TOOLS_GENERATE_UNITS_SEEDED_RANDOM_H_
