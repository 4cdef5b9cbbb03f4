#include "tools/generate_units/unit_fixture.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tools/generate_units/unit_plan.h"
#include "tools/generate_units/vietnamese_names.h"

namespace hoptac::generate {
namespace {

UnitInfo TrangDinh() {
  return {"180",
          "Huyện Tràng Định",
          {{"06040", "Thị trấn Thất Khê"}, {"06043", "Xã Khánh Long"}, {"06046", "Xã Đoàn Kết"},
           {"06049", "Xã Quốc Khánh"}, {"06052", "Xã Vĩnh Tiến"}, {"06055", "Xã Cao Minh"}}};
}

UnitInfo BacSon() {
  return {"185", "Huyện Bắc Sơn", {{"06463", "Thị trấn Bắc Sơn"}, {"06466", "Xã Long Đống"},
                                   {"06469", "Xã Vạn Thủy"}, {"06475", "Xã Đồng Ý"}}};
}

// The JSON objects of a .jsonl file, comments and blank lines skipped.
std::vector<google::protobuf::Struct> Lines(const std::string& content) {
  std::vector<google::protobuf::Struct> lines;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    google::protobuf::Struct s;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &s).ok()) << line;
    lines.push_back(s);
  }
  return lines;
}

TEST(UnitFixture, TheSameUnitGivesTheSameFilesOnEveryRun) {
  EXPECT_EQ(GenerateUnitFixture(PlanUnit(TrangDinh(), 2023)),
            GenerateUnitFixture(PlanUnit(TrangDinh(), 2023)));
}

TEST(UnitFixture, DifferentUnitsGetDifferentRecords) {
  const FixtureFiles a = GenerateUnitFixture(PlanUnit(TrangDinh(), 2023));
  const FixtureFiles b = GenerateUnitFixture(PlanUnit(BacSon(), 2023));
  EXPECT_NE(a.at("registry/cooperatives.jsonl"), b.at("registry/cooperatives.jsonl"));
  EXPECT_NE(a.at("outreach/activities.jsonl"), b.at("outreach/activities.jsonl"));
  EXPECT_TRUE(absl::StrContains(a.at("report/draft.textproto"), "UBND HUYỆN TRÀNG ĐỊNH"));
}

TEST(UnitFixture, CooperativesAreInTheUnitsOwnCommunes) {
  const UnitInfo unit = TrangDinh();
  const UnitPlan plan = PlanUnit(unit, 2023);
  ASSERT_GE(plan.cooperatives.size(), 12u);
  ASSERT_FALSE(plan.EstablishedInYear().empty());
  for (const CooperativePlan& c : plan.cooperatives) {
    bool found = false;
    for (const Commune& commune : unit.communes) found |= commune.code == c.commune.code;
    EXPECT_TRUE(found) << c.display_name;
    EXPECT_TRUE(absl::StartsWith(c.registration_number, "49180")) << c.registration_number;
    EXPECT_LE(c.established.year(), 2023);
  }
}

TEST(UnitFixture, EveryLineIsAKeyedRequestAndBatchesAddUp) {
  const FixtureFiles files = GenerateUnitFixture(PlanUnit(BacSon(), 2023));
  for (const auto& [path, content] : files) {
    if (!absl::EndsWith(path, ".jsonl")) continue;
    for (const auto& line : Lines(content)) {
      EXPECT_TRUE(line.fields().contains("request")) << path;
    }
  }
  for (const auto& batch : Lines(files.at("subsidy/disbursement_batches.jsonl"))) {
    const auto& request = batch.fields().at("request").struct_value().fields();
    int64_t sum = 0;
    for (const auto& d : request.at("disbursements").list_value().values()) {
      sum += std::stoll(d.struct_value().fields().at("amountDong").string_value());
    }
    EXPECT_EQ(std::to_string(sum), request.at("controlSumDong").string_value());
  }
}

TEST(VietnameseNames, UnitNamesInTheirDocumentForms) {
  EXPECT_EQ(Slug("Huyện Tràng Định"), "huyen-trang-dinh");
  EXPECT_EQ(ShortName("Thành phố Lạng Sơn"), "Lạng Sơn");
  EXPECT_EQ(InSentence("Thị trấn Đồng Đăng"), "thị trấn Đồng Đăng");
  EXPECT_EQ(UpperVietnamese("UBND huyện Đình Lập"), "UBND HUYỆN ĐÌNH LẬP");
}

}  // namespace
}  // namespace hoptac::generate
