#include "tools/generate_units/vietnamese_names.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace hoptac::generate {
namespace {

const std::vector<std::string> kFamilyNames = {
    "Hoàng", "Nông", "Lương", "Vi", "Lăng", "Hà", "Triệu", "Mông", "Chu", "Đinh",
    "Nguyễn", "Lê", "Phạm", "Lộc", "Bế", "Hứa", "Đàm", "Lý", "Tô", "Dương"};
const std::vector<std::string> kMaleMiddle = {"Văn", "Văn", "Đức", "Mạnh", "Quang", "Thanh"};
const std::vector<std::string> kMaleGiven = {"Hùng", "Dũng", "Thắng", "Tuấn", "Hải", "Long",
                                             "Cường", "Sơn", "Bình", "Toàn", "Quý", "Hưng",
                                             "Khánh", "Lâm", "Tiến", "Nam"};
const std::vector<std::string> kFemaleGiven = {"Hoa", "Mai", "Lan", "Hương", "Thu", "Nga",
                                               "Huyền", "Liên", "Thảo", "Yến", "Hằng", "Dung"};
const std::vector<std::string> kVillages = {
    "Bản Chu", "Nà Làng", "Khòn Pát", "Pác Lạng", "Nà Pò",  "Bản Rọ",  "Kéo Coong",
    "Còn Quan", "Lũng Phầy", "Nà Mò", "Khuổi Phầy", "Pò Đứa", "Bản Cáu", "Nà Thâm",
    "Phai Xá", "Bó Chạp", "Nà Tèng", "Bản Piảng"};

// "Thị trấn" before "Thành phố" does not matter: prefixes are whole words.
const std::vector<std::pair<std::string, std::string>> kKinds = {
    {"Thành phố ", "thành phố "}, {"Thị trấn ", "thị trấn "}, {"Thị xã ", "thị xã "},
    {"Huyện ", "huyện "},         {"Phường ", "phường "},     {"Xã ", "xã "},
    {"Quận ", "quận "},           {"Tỉnh ", "tỉnh "}};

}  // namespace

std::string PersonName(SeededRandom& random, bool female) {
  // One draw per statement: the order of draws must not depend on the compiler.
  const std::string& family = random.Pick(kFamilyNames);
  if (female) return absl::StrCat(family, " Thị ", random.Pick(kFemaleGiven));
  const std::string& middle = random.Pick(kMaleMiddle);
  return absl::StrCat(family, " ", middle, " ", random.Pick(kMaleGiven));
}

std::string Village(SeededRandom& random, absl::string_view commune_display_name) {
  if (absl::StartsWith(commune_display_name, "Phường ") ||
      absl::StartsWith(commune_display_name, "Thị trấn ")) {
    return absl::StrCat("Khối ", random.Uniform(1, 9));
  }
  return absl::StrCat("Thôn ", random.Pick(kVillages));
}

std::string ShortName(absl::string_view display_name) {
  for (const auto& [prefix, lower] : kKinds) {
    if (absl::StartsWith(display_name, prefix)) {
      return std::string(display_name.substr(prefix.size()));
    }
  }
  return std::string(display_name);
}

std::string InSentence(absl::string_view display_name) {
  for (const auto& [prefix, lower] : kKinds) {
    if (absl::StartsWith(display_name, prefix)) {
      return absl::StrCat(lower, display_name.substr(prefix.size()));
    }
  }
  return std::string(display_name);
}

std::string UpperVietnamese(absl::string_view text) {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  unicode.toUpper(icu::Locale("vi"));
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

std::string Slug(absl::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString decomposed = U_SUCCESS(error) ? nfd->normalize(unicode, error) : unicode;
  std::string slug;
  bool dash = false;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    UChar32 c = decomposed.char32At(i);
    if (c >= 0x300 && c <= 0x36f) continue;  // combining marks: the tones and hats
    if (c == 0x111 || c == 0x110) c = 'd';   // đ, Đ
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !slug.empty()) slug.push_back('-');
      dash = false;
      slug.push_back(static_cast<char>(c));
    } else {
      dash = true;
    }
  }
  return slug;
}

const std::vector<TradeEvent>& TradeEvents() {
  static const auto* events = new std::vector<TradeEvent>{
      {"Hội chợ Xuân Xứ Lạng", "Thành phố Lạng Sơn", 1, 10, false},
      {"Hội chợ thương mại Việt - Trung (Lạng Sơn) năm 2023", "Thành phố Lạng Sơn", 11, 15, false},
      {"Hội chợ OCOP khu vực phía Bắc", "Thành phố Hà Nội", 9, 20, false},
      {"Hội chợ Nông nghiệp quốc tế Việt Nam (AgroViet) năm 2023", "Thành phố Hà Nội", 12, 6, false},
      {"Tuần hàng Việt - Trung tại cửa khẩu Hữu Nghị", "Huyện Cao Lộc", 8, 8, false},
      {"Lễ hội Na Chi Lăng năm 2023", "Huyện Chi Lăng", 8, 18, false},
      {"Hội chợ Thương mại - Du lịch Lạng Sơn năm 2023", "Thành phố Lạng Sơn", 10, 4, false},
      {"Trưng bày sản phẩm OCOP tại Điểm giới thiệu và bán sản phẩm OCOP tỉnh Lạng Sơn",
       "Số 211 đường Trần Đăng Ninh, phường Tam Thanh, thành phố Lạng Sơn", 5, 15, true},
      {"Trưng bày sản phẩm tại Ngày hội Văn hóa, Thể thao và Du lịch các dân tộc vùng Đông Bắc",
       "Tỉnh Quảng Ninh", 6, 22, true},
      {"Trưng bày nông sản đặc trưng tại Festival Hoa Mẫu Sơn", "Huyện Lộc Bình", 2, 24, true}};
  return *events;
}

}  // namespace hoptac::generate
