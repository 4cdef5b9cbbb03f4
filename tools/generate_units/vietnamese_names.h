// Vietnamese names and words the generator draws from, and the forms a unit's
// name takes in a document ("Huyện Tràng Định" → "huyện Tràng Định",
// "Tràng Định", "HUYỆN TRÀNG ĐỊNH", "trang-dinh").
#ifndef HOPTAC_TOOLS_GENERATE_UNITS_VIETNAMESE_NAMES_H_
#define HOPTAC_TOOLS_GENERATE_UNITS_VIETNAMESE_NAMES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/generate_units/seeded_random.h"

namespace hoptac::generate {

// A person's full name, common among the Tày, Nùng and Kinh of Lạng Sơn.
std::string PersonName(SeededRandom& random, bool female);

// A village (thôn) for a commune, or a quarter (khối) for a ward or township.
std::string Village(SeededRandom& random, absl::string_view commune_display_name);

// "Huyện Tràng Định" → "Tràng Định" (the unit kind dropped).
std::string ShortName(absl::string_view display_name);

// "Huyện Tràng Định" → "huyện Tràng Định": as the name reads inside a sentence.
std::string InSentence(absl::string_view display_name);

// Upper case by Vietnamese rules: "Huyện Tràng Định" → "HUYỆN TRÀNG ĐỊNH".
std::string UpperVietnamese(absl::string_view text);

// ASCII, lower case, words joined by '-': "Huyện Tràng Định" → "huyen-trang-dinh".
std::string Slug(absl::string_view text);

// Trade fairs and product displays of 2023 a district of Lạng Sơn could take part in.
struct TradeEvent {
  std::string title;
  std::string location;
  int month = 1;
  int day = 1;
  bool display = false;  // a product display (trưng bày), not a fair
};
const std::vector<TradeEvent>& TradeEvents();

}  // namespace hoptac::generate

#endif  // HOPTAC_TOOLS_GENERATE_UNITS_VIETNAMESE_NAMES_H_
