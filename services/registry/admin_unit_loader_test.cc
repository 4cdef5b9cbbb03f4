#include "services/registry/admin_unit_loader.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/text.h"

namespace hoptac::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr absl::CivilDay kLastOldDay{2025, 6, 30};

// The data directory: $HOPTAC_ADMIN_UNITS_DIR, else the repository's copy.
std::string DataDir() {
  if (const char* dir = std::getenv("HOPTAC_ADMIN_UNITS_DIR");
      dir != nullptr && *dir != '\0') {
    return dir;
  }
#ifdef HOPTAC_SOURCE_DIR
  return std::string(HOPTAC_SOURCE_DIR) + "/data/admin-units";
#else
  return "data/admin-units";
#endif
}

// --- helpers over a catalog ------------------------------------------------

std::vector<const AdminUnitRecord*> UnitsWhere(const AdminUnitCatalog& catalog,
                                               OrgUnitLevel level,
                                               bool new_shape) {
  std::vector<const AdminUnitRecord*> out;
  for (const AdminUnitRecord& unit : catalog.units) {
    if (unit.level == level && unit.valid_from.has_value() == new_shape) {
      out.push_back(&unit);
    }
  }
  return out;
}

std::vector<const AdminUnitRecord*> UnitsWithCode(
    const AdminUnitCatalog& catalog, absl::string_view code) {
  std::vector<const AdminUnitRecord*> out;
  for (const AdminUnitRecord& unit : catalog.units) {
    if (unit.code == code) out.push_back(&unit);
  }
  return out;
}

// The only unit with `code` valid on `day` (nullptr if none or several).
const AdminUnitRecord* UnitOn(const AdminUnitCatalog& catalog,
                              absl::string_view code, absl::CivilDay day) {
  const AdminUnitRecord* found = nullptr;
  for (const AdminUnitRecord* unit : UnitsWithCode(catalog, code)) {
    const bool valid = (!unit->valid_from || *unit->valid_from <= day) &&
                       (!unit->valid_to || day <= *unit->valid_to);
    if (!valid) continue;
    if (found != nullptr) return nullptr;
    found = unit;
  }
  return found;
}

// new_code -> whole, for the lineage rows of `old_code`.
std::map<std::string, bool> Successors(const AdminUnitCatalog& catalog,
                                       absl::string_view old_code) {
  std::map<std::string, bool> out;
  for (const AdminUnitLineage& row : catalog.lineage) {
    if (row.old_code == old_code) out[row.new_code] = row.whole;
  }
  return out;
}

std::vector<std::string> Codes(
    const std::vector<const AdminUnitRecord*>& units) {
  std::vector<std::string> out;
  for (const AdminUnitRecord* unit : units) out.push_back(unit->code);
  return out;
}

// --- Lạng Sơn (20), loaded once ---------------------------------------------

class LangSonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto catalog = LoadProvinceAdminUnitsFromDir(DataDir(), "20");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = new AdminUnitCatalog(*std::move(catalog));
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(catalog_, nullptr); }

  static const AdminUnitCatalog& catalog() { return *catalog_; }

 private:
  static AdminUnitCatalog* catalog_;
};

AdminUnitCatalog* LangSonTest::catalog_ = nullptr;

TEST_F(LangSonTest, ProvinceIsOneRecordWithoutDates) {
  const auto provinces = UnitsWithCode(catalog(), "20");
  ASSERT_EQ(provinces.size(), 1u);
  const AdminUnitRecord& province = *provinces[0];
  EXPECT_EQ(province.name, "Tỉnh Lạng Sơn");
  EXPECT_EQ(province.kind, OrgUnitKind::kProvince);
  EXPECT_EQ(province.level, OrgUnitLevel::kProvince);
  EXPECT_EQ(province.parent_code, "");
  EXPECT_FALSE(province.valid_from.has_value());
  EXPECT_FALSE(province.valid_to.has_value());
  EXPECT_EQ(&catalog().units.front(), provinces[0]);
}

TEST_F(LangSonTest, ElevenDistrictsEndingBeforeTheReform) {
  const auto districts = UnitsWhere(catalog(), OrgUnitLevel::kDistrict, false);
  EXPECT_THAT(Codes(districts),
              ElementsAre("178", "180", "181", "182", "183", "184", "185",
                          "186", "187", "188", "189"));
  for (const AdminUnitRecord* district : districts) {
    EXPECT_EQ(district->parent_code, "20") << district->code;
    EXPECT_EQ(district->valid_to, kLastOldDay) << district->code;
    EXPECT_FALSE(district->valid_from.has_value()) << district->code;
  }
  const AdminUnitRecord* city = UnitOn(catalog(), "178", kLastOldDay);
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->name, "Thành phố Lạng Sơn");
  EXPECT_EQ(city->kind, OrgUnitKind::kProvincialCity);
  const AdminUnitRecord* cao_loc = UnitOn(catalog(), "183", kLastOldDay);
  ASSERT_NE(cao_loc, nullptr);
  EXPECT_EQ(cao_loc->name, "Huyện Cao Lộc");
  EXPECT_EQ(cao_loc->kind, OrgUnitKind::kRuralDistrict);
  // No district-level unit after the reform.
  EXPECT_TRUE(UnitsWhere(catalog(), OrgUnitLevel::kDistrict, true).empty());
}

TEST_F(LangSonTest, OldCommunes) {
  const auto communes = UnitsWhere(catalog(), OrgUnitLevel::kCommune, false);
  EXPECT_EQ(communes.size(), 194u);
  int in_cao_loc = 0;
  for (const AdminUnitRecord* commune : communes) {
    EXPECT_EQ(commune->code.size(), 5u) << commune->code;
    EXPECT_EQ(commune->valid_to, kLastOldDay) << commune->code;
    if (commune->parent_code == "183") ++in_cao_loc;
  }
  EXPECT_EQ(in_cao_loc, 22);
  // The two "Xã Mẫu Sơn" are different units, told apart by code.
  const AdminUnitRecord* mau_son_cao_loc =
      UnitOn(catalog(), "06238", kLastOldDay);
  const AdminUnitRecord* mau_son_loc_binh =
      UnitOn(catalog(), "06532", kLastOldDay);
  ASSERT_NE(mau_son_cao_loc, nullptr);
  ASSERT_NE(mau_son_loc_binh, nullptr);
  EXPECT_EQ(mau_son_cao_loc->name, "Xã Mẫu Sơn");
  EXPECT_EQ(mau_son_loc_binh->name, "Xã Mẫu Sơn");
  EXPECT_EQ(mau_son_cao_loc->parent_code, "183");
  EXPECT_EQ(mau_son_loc_binh->parent_code, "188");
  // Kinds come from the "Cấp" column.
  const AdminUnitRecord* township = UnitOn(catalog(), "06187", kLastOldDay);
  ASSERT_NE(township, nullptr);
  EXPECT_EQ(township->name, "Thị trấn Cao Lộc");
  EXPECT_EQ(township->kind, OrgUnitKind::kTownship);
}

TEST_F(LangSonTest, NewCommuneLevelUnits) {
  const auto units = UnitsWhere(catalog(), OrgUnitLevel::kCommune, true);
  EXPECT_EQ(units.size(), 65u);
  for (const AdminUnitRecord* unit : units) {
    EXPECT_EQ(unit->parent_code, "20") << unit->code;
    EXPECT_EQ(unit->valid_from, kReformDay) << unit->code;
    EXPECT_FALSE(unit->valid_to.has_value()) << unit->code;
    EXPECT_TRUE(unit->kind == OrgUnitKind::kCommune ||
                unit->kind == OrgUnitKind::kWard)
        << unit->code;
  }
}

TEST_F(LangSonTest, CodeReusedAcrossTheReform) {
  const AdminUnitRecord* before = UnitOn(catalog(), "05977", kLastOldDay);
  const AdminUnitRecord* after = UnitOn(catalog(), "05977", kReformDay);
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(UnitsWithCode(catalog(), "05977").size(), 2u);
  EXPECT_EQ(before->name, "Phường Vĩnh Trại");
  EXPECT_EQ(before->parent_code, "178");
  EXPECT_EQ(before->valid_to, kLastOldDay);
  EXPECT_EQ(after->name, "Phường Đông Kinh");
  EXPECT_EQ(after->kind, OrgUnitKind::kWard);
  EXPECT_EQ(after->parent_code, "20");
  EXPECT_EQ(after->valid_from, kReformDay);
  // The old Phường Đông Kinh (05980) is merged into the new one.
  EXPECT_THAT(Successors(catalog(), "05977"),
              ElementsAre(std::pair<const std::string, bool>("05977", true)));
  EXPECT_THAT(Successors(catalog(), "05980"),
              ElementsAre(std::pair<const std::string, bool>("05977", true)));
}

TEST_F(LangSonTest, PartialMergersFeedTwoNewUnits) {
  using Row = std::pair<const std::string, bool>;
  // Bính Xá went in part to Xã Đình Lập and in part to Xã Kiên Mộc.
  EXPECT_THAT(Successors(catalog(), "06622"),
              ElementsAre(Row("06613", false), Row("06625", false)));
  // Kiên Mộc went in part to the new Xã Kiên Mộc and in part to Xã Châu Sơn.
  EXPECT_THAT(Successors(catalog(), "06625"),
              ElementsAre(Row("06625", false), Row("06637", false)));
  int partial = 0;
  for (const AdminUnitLineage& row : catalog().lineage) partial += !row.whole;
  EXPECT_EQ(partial, 4);
}

TEST_F(LangSonTest, LineageCoversEveryOldCommuneOnce) {
  EXPECT_EQ(catalog().lineage.size(), 196u);
  std::set<std::string> old_codes;
  std::set<std::pair<std::string, std::string>> pairs;
  std::set<std::string> new_codes;
  for (const AdminUnitRecord* unit :
       UnitsWhere(catalog(), OrgUnitLevel::kCommune, true)) {
    new_codes.insert(unit->code);
  }
  for (const AdminUnitLineage& row : catalog().lineage) {
    EXPECT_TRUE(pairs.emplace(row.old_code, row.new_code).second)
        << "duplicate " << row.old_code << " -> " << row.new_code;
    EXPECT_TRUE(new_codes.contains(row.new_code)) << row.new_code;
    old_codes.insert(row.old_code);
  }
  std::set<std::string> old_communes;
  for (const AdminUnitRecord* unit :
       UnitsWhere(catalog(), OrgUnitLevel::kCommune, false)) {
    old_communes.insert(unit->code);
  }
  EXPECT_EQ(old_codes, old_communes);
  EXPECT_TRUE(
      std::is_sorted(catalog().lineage.begin(), catalog().lineage.end(),
                     [](const AdminUnitLineage& a, const AdminUnitLineage& b) {
                       return std::tie(a.old_code, a.new_code) <
                              std::tie(b.old_code, b.new_code);
                     }));
}

TEST_F(LangSonTest, NamesAreTrimmedAndNormalised) {
  // The conversion file writes "Xã Bính Xá " and "Thị trấn Cao Lộc "; names
  // come from the old file for old units, but every name must be clean.
  for (const AdminUnitRecord& unit : catalog().units) {
    auto normalized = NormalizeText(unit.name, "name");
    ASSERT_TRUE(normalized.ok()) << unit.code;
    EXPECT_EQ(*normalized, unit.name) << unit.code;
    EXPECT_EQ(unit.name.find("  "), std::string::npos) << unit.code;
  }
}

TEST_F(LangSonTest, ParentsComeBeforeChildrenInCodeOrder) {
  // Each unit's parent, valid on the unit's first day, appears earlier.
  std::vector<std::pair<std::string, const AdminUnitRecord*>> seen;
  for (const AdminUnitRecord& unit : catalog().units) {
    if (!unit.parent_code.empty()) {
      const absl::CivilDay day = unit.valid_from.value_or(kLastOldDay);
      const bool parent_seen =
          std::any_of(seen.begin(), seen.end(), [&](const auto& entry) {
            const AdminUnitRecord& parent = *entry.second;
            return parent.code == unit.parent_code &&
                   (!parent.valid_from || *parent.valid_from <= day) &&
                   (!parent.valid_to || day <= *parent.valid_to);
          });
      EXPECT_TRUE(parent_seen)
          << unit.code << " before its parent " << unit.parent_code;
    }
    seen.emplace_back(unit.code, &unit);
  }
  // Levels in order: province, districts, old communes, new communes.
  auto rank = [](const AdminUnitRecord& unit) {
    if (unit.level != OrgUnitLevel::kCommune)
      return static_cast<int>(unit.level);
    return unit.valid_from.has_value() ? 4 : 3;
  };
  for (size_t i = 1; i < catalog().units.size(); ++i) {
    const AdminUnitRecord& a = catalog().units[i - 1];
    const AdminUnitRecord& b = catalog().units[i];
    ASSERT_LE(rank(a), rank(b)) << a.code << " then " << b.code;
    if (rank(a) == rank(b)) {
      EXPECT_LT(a.code, b.code);
    }
  }
}

// --- other provinces
// ----------------------------------------------------------

TEST(AdminUnitLoaderTest, LoadsHanoi) {
  auto catalog = LoadProvinceAdminUnitsFromDir(DataDir(), "01");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  const auto provinces = UnitsWithCode(*catalog, "01");
  ASSERT_EQ(provinces.size(), 1u);
  EXPECT_EQ(provinces[0]->name, "Thành phố Hà Nội");
  EXPECT_EQ(provinces[0]->kind, OrgUnitKind::kCentralCity);
  EXPECT_EQ(UnitsWhere(*catalog, OrgUnitLevel::kDistrict, false).size(), 30u);
  EXPECT_EQ(UnitsWhere(*catalog, OrgUnitLevel::kCommune, false).size(), 526u);
  EXPECT_EQ(UnitsWhere(*catalog, OrgUnitLevel::kCommune, true).size(), 126u);
  EXPECT_EQ(catalog->lineage.size(), 795u);
  const AdminUnitRecord* ba_dinh = UnitOn(*catalog, "001", kLastOldDay);
  ASSERT_NE(ba_dinh, nullptr);
  EXPECT_EQ(ba_dinh->kind, OrgUnitKind::kUrbanDistrict);
}

// Bắc Ninh (24) is the 2025 merger of Bắc Giang (old 24) and Bắc Ninh (old
// 27): the code 24 names two different provinces.
TEST(AdminUnitLoaderTest, MergedProvinceReusingACodeIsTwoRecords) {
  auto catalog = LoadProvinceAdminUnitsFromDir(DataDir(), "24");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_GE(catalog->units.size(), 2u);
  const AdminUnitRecord& old_province = catalog->units[0];
  const AdminUnitRecord& new_province = catalog->units[1];
  EXPECT_EQ(old_province.code, "24");
  EXPECT_EQ(old_province.name, "Tỉnh Bắc Giang");
  EXPECT_EQ(old_province.valid_to, kLastOldDay);
  EXPECT_FALSE(old_province.valid_from.has_value());
  EXPECT_EQ(new_province.code, "24");
  EXPECT_EQ(new_province.name, "Tỉnh Bắc Ninh");
  EXPECT_EQ(new_province.valid_from, kReformDay);
  EXPECT_FALSE(new_province.valid_to.has_value());
  EXPECT_EQ(UnitsWhere(*catalog, OrgUnitLevel::kDistrict, false).size(), 10u);
  EXPECT_EQ(UnitsWhere(*catalog, OrgUnitLevel::kCommune, false).size(), 195u);
  EXPECT_EQ(UnitsWhere(*catalog, OrgUnitLevel::kCommune, true).size(), 99u);
  EXPECT_EQ(catalog->lineage.size(), 313u);
  // Phường Đông Ngàn (09367) of old Bắc Ninh (27) is in the new Phường Từ Sơn.
  EXPECT_EQ(Successors(*catalog, "09367").count("09367"), 1u);
}

TEST(AdminUnitLoaderTest, AbsorbedProvinceHasOnlyItsOldTree) {
  auto catalog = LoadProvinceAdminUnitsFromDir(DataDir(), "27");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_FALSE(catalog->units.empty());
  EXPECT_EQ(catalog->units[0].name, "Tỉnh Bắc Ninh");
  EXPECT_EQ(catalog->units[0].valid_to, kLastOldDay);
  EXPECT_EQ(UnitsWhere(*catalog, OrgUnitLevel::kCommune, true).size(), 0u);
  EXPECT_TRUE(catalog->lineage.empty());
}

TEST(AdminUnitLoaderTest, TrimsTrailingSpaces) {
  // Old file: "Xã Ngư Thủy " (Quảng Bình, 44).
  auto quang_tri = LoadProvinceAdminUnitsFromDir(DataDir(), "44");
  ASSERT_TRUE(quang_tri.ok()) << quang_tri.status();
  const AdminUnitRecord* ngu_thuy = UnitOn(*quang_tri, "19306", kLastOldDay);
  ASSERT_NE(ngu_thuy, nullptr);
  EXPECT_EQ(ngu_thuy->name, "Xã Ngư Thủy");
  // Conversion file: "Phường Nam Sơn " (Bắc Ninh, 24).
  auto bac_ninh = LoadProvinceAdminUnitsFromDir(DataDir(), "24");
  ASSERT_TRUE(bac_ninh.ok()) << bac_ninh.status();
  const AdminUnitRecord* nam_son = UnitOn(*bac_ninh, "09286", kReformDay);
  ASSERT_NE(nam_son, nullptr);
  EXPECT_EQ(nam_son->name, "Phường Nam Sơn");
}

TEST(AdminUnitLoaderTest, CollapsesLineBreaksAndDoubleSpacesInNames) {
  // "Phường Phú Xuân\n" (a line break inside a quoted field, Huế 46).
  auto hue = LoadProvinceAdminUnitsFromDir(DataDir(), "46");
  ASSERT_TRUE(hue.ok()) << hue.status();
  const AdminUnitRecord* phu_xuan = UnitOn(*hue, "19753", kReformDay);
  ASSERT_NE(phu_xuan, nullptr);
  EXPECT_EQ(phu_xuan->name, "Phường Phú Xuân");
  // "Xã  Hòa Khánh" (Tây Ninh 80).
  auto tay_ninh = LoadProvinceAdminUnitsFromDir(DataDir(), "80");
  ASSERT_TRUE(tay_ninh.ok()) << tay_ninh.status();
  const AdminUnitRecord* hoa_khanh = UnitOn(*tay_ninh, "27979", kReformDay);
  ASSERT_NE(hoa_khanh, nullptr);
  EXPECT_EQ(hoa_khanh->name, "Xã Hòa Khánh");
}

TEST(AdminUnitLoaderTest, DecomposedNameComesOutNfc) {
  // The conversion file spells the new Phường Từ Sơn (09367) with combining
  // grave accents (U+0300) after ơ and ư; the record holds the composed ờ, ừ.
  const std::string decomposed =
      ",Ph\xC6\xB0\xC6\xA1\xCC\x80ng T\xC6\xB0\xCC\x80 S\xC6\xA1n,09367,";
  const std::string nfc = "Ph\xC6\xB0\xE1\xBB\x9Dng T\xE1\xBB\xAB S\xC6\xA1n";
  std::ifstream raw(DataDir() + "/conversion-2025-07-01.csv", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(raw)),
                         std::istreambuf_iterator<char>());
  ASSERT_NE(text.find(decomposed), std::string::npos)
      << "the premise of this test no longer holds";

  auto catalog = LoadProvinceAdminUnitsFromDir(DataDir(), "24");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  const AdminUnitRecord* tu_son = UnitOn(*catalog, "09367", kReformDay);
  ASSERT_NE(tu_son, nullptr);
  EXPECT_EQ(tu_son->name, nfc);
  EXPECT_EQ(tu_son->name, "Phường Từ Sơn");
}

TEST(AdminUnitLoaderTest, IslandDistrictBecomesASpecialZone) {
  auto catalog = LoadProvinceAdminUnitsFromDir(DataDir(), "31");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  const AdminUnitRecord* district = UnitOn(*catalog, "318", kLastOldDay);
  ASSERT_NE(district, nullptr);
  EXPECT_EQ(district->name, "Huyện Bạch Long Vĩ");
  for (const AdminUnitRecord& unit : catalog->units) {
    EXPECT_NE(unit.parent_code, "318") << unit.code;
  }
  const AdminUnitRecord* zone = UnitOn(*catalog, "11948", kReformDay);
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(zone->kind, OrgUnitKind::kSpecialZone);
  EXPECT_EQ(Successors(*catalog, "318"),
            (std::map<std::string, bool>{{"11948", true}}));
}

// --- errors
// -------------------------------------------------------------------

TEST(AdminUnitLoaderTest, UnknownProvinceIsNotFound) {
  auto catalog = LoadProvinceAdminUnitsFromDir(DataDir(), "99");
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(catalog.status().message(), HasSubstr("99"));
}

TEST(AdminUnitLoaderTest, MalformedProvinceCodeIsInvalid) {
  for (absl::string_view code : {"", "2", "200", "2a"}) {
    EXPECT_EQ(LoadProvinceAdminUnitsFromDir(DataDir(), code).status().code(),
              absl::StatusCode::kInvalidArgument)
        << code;
  }
}

TEST(AdminUnitLoaderTest, MissingFileIsNotFoundNamingThePath) {
  const std::string dir = ::testing::TempDir() + "/no-such-admin-units-dir";
  auto catalog = LoadProvinceAdminUnitsFromDir(dir, "20");
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(catalog.status().message(), HasSubstr(dir));
}

// Small files written for one test: a fake province 99.
class SyntheticFilesTest : public ::testing::Test {
 protected:
  void Write(absl::string_view name, absl::string_view contents) {
    std::ofstream out(Path(name), std::ios::binary | std::ios::trunc);
    out << contents;
  }
  std::string Path(absl::string_view name) const {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return absl::StrCat(::testing::TempDir(), "/admin_unit_loader_",
                        info->name(), "_", name);
  }
  absl::StatusOr<AdminUnitCatalog> Load() {
    return LoadProvinceAdminUnits(Path("old.csv"), Path("new.csv"), "99");
  }

  static constexpr absl::string_view kOldHeader =
      "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng "
      "Anh\n";
  static constexpr absl::string_view kNewHeader =
      "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày "
      "01/7/2025,,,,,\n"
      "\"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,"
      "Quận/huyện,Tỉnh cũ,\n";
};

TEST_F(SyntheticFilesTest, ParsesQuotedFieldsAndCrlf) {
  Write("old.csv",
        absl::StrCat(kOldHeader,
                     "Tỉnh Thử,99,Thị Xã Một,990,\"Xã A, B\",99001,"
                     "Xã,\r\n"
                     "Tỉnh Thử,99,Thị Xã Một,990,\"Phường \"\"C\"\"\","
                     "99002,Phường,\r\n"));
  Write("new.csv", absl::StrCat(kNewHeader,
                                "THỬ,,,,,,,,\n"
                                "Tỉnh Thử (99),\"Đặc khu\nMới\",99001,Xã A,"
                                "99001,Nhập toàn bộ,Thị xã Một (990),"
                                "Tỉnh Thử (99),\n"
                                "Tỉnh Thử (99),Đặc khu Mới,99001,Phường C,"
                                "99002,Giữ nguyên,Thị xã Một (990),"
                                "Tỉnh Thử (99),\n"));
  auto catalog = Load();
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_EQ(catalog->units.size(), 5u);
  EXPECT_EQ(catalog->units[0].name, "Tỉnh Thử");
  EXPECT_FALSE(catalog->units[0].valid_to.has_value());
  EXPECT_EQ(catalog->units[1].kind, OrgUnitKind::kTown);
  EXPECT_EQ(catalog->units[2].name, "Xã A, B");
  EXPECT_EQ(catalog->units[3].name, "Phường \"C\"");
  EXPECT_EQ(catalog->units[3].kind, OrgUnitKind::kWard);
  EXPECT_EQ(catalog->units[4].name, "Đặc khu Mới");
  EXPECT_EQ(catalog->units[4].kind, OrgUnitKind::kSpecialZone);
  ASSERT_EQ(catalog->lineage.size(), 2u);
  // "Giữ nguyên" (kept as it was) moves the whole unit.
  EXPECT_TRUE(catalog->lineage[0].whole);
  EXPECT_TRUE(catalog->lineage[1].whole);
}

TEST_F(SyntheticFilesTest, ShortRowNamesFileAndLine) {
  Write("old.csv", absl::StrCat(kOldHeader,
                                "Tỉnh Thử,99,Huyện Một,990,Xã A,99001,Xã,\n"
                                "Tỉnh Thử,99,Huyện Một,990\n"));
  Write("new.csv", kNewHeader);
  auto catalog = Load();
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(catalog.status().message(),
              HasSubstr(absl::StrCat(Path("old.csv"), ":3:")));
}

TEST_F(SyntheticFilesTest, UnclosedQuoteNamesTheLineWhereTheRecordStarts) {
  Write("old.csv",
        absl::StrCat(kOldHeader, "Tỉnh Thử,99,Huyện Một,990,Xã A,99001,Xã,\n"));
  // Line 3 holds a quoted field with a line break (lines 3-4), so the broken
  // record starts on line 5.
  Write("new.csv", absl::StrCat(kNewHeader,
                                "Tỉnh Thử (99),\"Xã\nMới\",99001,Xã A,99001,"
                                "Nhập toàn bộ,Huyện Một (990),Tỉnh Thử (99),\n"
                                "Tỉnh Thử (99),\"Xã Mới,99001,Xã A,99001\n"));
  auto catalog = Load();
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(catalog.status().message(),
              HasSubstr(absl::StrCat(Path("new.csv"), ":5:")));
}

TEST_F(SyntheticFilesTest, BadCodeNamesFileAndLine) {
  Write("old.csv",
        absl::StrCat(kOldHeader, "Tỉnh Thử,99,Huyện Một,990,Xã A,9900A,Xã,\n"));
  Write("new.csv", kNewHeader);
  auto catalog = Load();
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(catalog.status().message(),
              HasSubstr(absl::StrCat(Path("old.csv"), ":2:")));
  EXPECT_THAT(catalog.status().message(), HasSubstr("9900A"));
}

TEST_F(SyntheticFilesTest, MissingParenthesisedCodeNamesFileAndLine) {
  Write("old.csv",
        absl::StrCat(kOldHeader, "Tỉnh Thử,99,Huyện Một,990,Xã A,99001,Xã,\n"));
  Write("new.csv", absl::StrCat(kNewHeader,
                                "Tỉnh Thử (99),Xã Mới,99001,Xã A,99001,"
                                "Nhập toàn bộ,Huyện Một,Tỉnh Thử (99),\n"));
  auto catalog = Load();
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(catalog.status().message(),
              HasSubstr(absl::StrCat(Path("new.csv"), ":3:")));
}

TEST_F(SyntheticFilesTest, SwappedFilesAreRefusedByTheHeader) {
  Write("old.csv", kNewHeader);
  Write("new.csv", kOldHeader);
  auto catalog = Load();
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(catalog.status().message(), HasSubstr("header"));
}

}  // namespace
}  // namespace hoptac::registry
