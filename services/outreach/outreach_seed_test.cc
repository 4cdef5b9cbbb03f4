// The seed report's 2023 Cao Lộc outreach (../shared/seed, §2 and §3.3.2)
// recorded as data; the statistics must give back the report's figures with
// their qualifiers. Days the report does not state are fixture assumptions
// inside 2023; the unit is Huyện Cao Lộc (183) or its commune Yên Trạch (06247).
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
#include "services/common/testing/test_database.h"
#include "services/outreach/outreach_migrations.h"
#include "services/outreach/outreach_store.h"

namespace hoptac::outreach {
namespace {

using ::testing::ElementsAre;

// hoptac.outreach.v1 enum numbers.
enum Kind { kNews = 1, kArticle, kColumn, kConference, kTraining, kDialogue, kAward,
            kVoterMeeting, kFair, kDisplay, kPromotion };
enum Channel { kRadio = 1, kTelevision = 2, kInPerson = 8 };
enum Topic { kCollective = 1, kNewRural = 2, kDigital = 5, kIndustrial = 7, kTrade = 8 };
enum Who { kEnterprise = 1, kCooperative, kHousehold, kOfficial, kCitizen, kDelegate, kTotal,
           kEnterpriseOrCooperative };
constexpr auto kExact = CountQualifier::kExact;
constexpr auto kAbout = CountQualifier::kAbout;
constexpr auto kOver = CountQualifier::kOver;
constexpr char kCongSon[] = "4900100777";  // HTX Nông nghiệp Công Sơn (fixture number)

ActivityFields Activity(int kind, int channel, int topic, const std::string& title,
                        absl::CivilDay start, absl::CivilDay end, int64_t quantity = 1) {
  ActivityFields f;
  f.kind = kind;
  f.channel = channel;
  f.topics = {topic};
  f.title = title;
  f.org_unit_code = "183";
  f.start_date = start;
  f.end_date = end;
  f.quantity = quantity;
  return f;
}

ActivityFields Event(int kind, int topic, const std::string& title, absl::CivilDay day,
                     const std::string& location) {
  ActivityFields f = Activity(kind, kInPerson, topic, title, day, day);
  f.location = location;
  return f;
}

class CaoLoc2023Test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = hoptac::testing::TestDatabase::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(2);
    ASSERT_TRUE(ApplyMigrations(*db_, OutreachMigrations()).ok());
    store_ = std::make_unique<OutreachStore>(*db_);
    for (ActivityFields& f : Report()) {
      ASSERT_TRUE(ValidateActivityFields(f).ok()) << f.title;
      auto r = store_->CreateActivity(f, {"seed", "", "", std::nullopt},
                                      absl::Now() + absl::Seconds(30));
      ASSERT_TRUE(r.ok()) << r.status();
    }
  }

  static std::vector<ActivityFields> Report() {
    const absl::CivilDay jan1(2023, 1, 1), dec31(2023, 12, 31);
    std::vector<ActivityFields> out;
    // §2: broadcast logs for the year, one batch row each.
    out.push_back(Activity(kNews, kRadio, kCollective, "Tin phát thanh về KTTT", jan1, dec31, 205));
    out.push_back(Activity(kArticle, kRadio, kCollective, "Bài phát thanh về KTTT", jan1, dec31, 57));
    out.push_back(Activity(kColumn, kRadio, kNewRural,
                           "Chuyên mục thông tin tuyên truyền xây dựng nông thôn mới", jan1, dec31,
                           37));
    out.push_back(Activity(kNews, kTelevision, kCollective, "Tin truyền hình về KTTT", jan1, dec31,
                           54));
    out.push_back(Activity(kArticle, kTelevision, kCollective, "Bài truyền hình về KTTT", jan1,
                           dec31, 8));
    // §3.3.2: the training conference with the Department of Planning and Investment.
    ActivityFields training =
        Event(kTraining, kDigital, "Hội nghị tuyên truyền, tập huấn Luật Doanh nghiệp",
              absl::CivilDay(2023, 9, 20), "Huyện Cao Lộc");
    training.co_organizers = {"Sở Kế hoạch và Đầu tư"};
    training.participants = {{kTotal, {120, kAbout}}, {kEnterprise, {30, kExact}},
                             {kCooperative, {20, kExact}}, {kHousehold, {20, kExact}}};
    out.push_back(training);
    ActivityFields award = Event(kAward, kCollective, "Gặp mặt Ngày Doanh nhân Việt Nam",
                                 absl::CivilDay(2023, 10, 13), "Huyện Cao Lộc");
    out.push_back(award);  // the 10 awarded cooperatives are registry awards, not attendance
    ActivityFields dialogue = Event(kVoterMeeting, kCollective,
                                    "Tiếp xúc, đối thoại với doanh nghiệp, HTX",
                                    absl::CivilDay(2023, 11, 15), "Huyện Cao Lộc");
    dialogue.participants = {{kEnterpriseOrCooperative, {40, kOver}}};
    out.push_back(dialogue);
    ActivityFields khuyen_cong = Event(kConference, kIndustrial,
                                       "Hội nghị tuyên truyền hoạt động khuyến công",
                                       absl::CivilDay(2023, 8, 10), "Huyện Cao Lộc");
    khuyen_cong.co_organizers = {"Trung tâm Khuyến công tỉnh"};
    khuyen_cong.participants = {{kDelegate, {100, kOver}}};
    out.push_back(khuyen_cong);
    // The five trade fairs and displays, and one product promotion.
    out.push_back(Event(kFair, kTrade, "Hội chợ Xuân Xứ Lạng", absl::CivilDay(2023, 1, 10),
                        "Thành phố Lạng Sơn"));
    out.push_back(Event(kFair, kTrade, "Ngày Hội Văn hóa các dân tộc",
                        absl::CivilDay(2023, 4, 20), "Quảng Ninh"));
    out.push_back(Event(kDisplay, kTrade, "Trưng bày sản phẩm tại Nhà khách A1",
                        absl::CivilDay(2023, 5, 15), "Nhà khách A1"));
    out.push_back(Event(kFair, kTrade, "Hội chợ tại huyện Phúc Thọ",
                        absl::CivilDay(2023, 6, 5), "Huyện Phúc Thọ, Hà Nội"));
    out.push_back(Event(kDisplay, kTrade,
                        "Trưng bày sản phẩm trong chuyến công tác tại Trung Quốc của đoàn tỉnh",
                        absl::CivilDay(2023, 7, 12), "Trung Quốc"));
    ActivityFields wine = Event(kPromotion, kTrade,
                                "Quảng bá sản phẩm Rượu của HTX Nông nghiệp Công Sơn",
                                absl::CivilDay(2023, 12, 1),
                                "Trung tâm VH, TT & Truyền thông huyện Cao Lộc");
    wine.cooperative_registration_numbers = {kCongSon};
    out.push_back(wine);
    return out;
  }

  int64_t Quantity(const OutreachStatistics& s, int kind, int channel, int topic) {
    for (const QuantityRow& q : s.quantities) {
      if (q.kind == kind && q.channel == channel && q.topic == topic) return q.quantity;
    }
    return -1;
  }

  std::unique_ptr<hoptac::testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<OutreachStore> store_;
};

TEST_F(CaoLoc2023Test, StatisticsReproduceTheReportsFigures) {
  auto stats = store_->GetStatistics({"183", "06247"},
                                     {absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 12, 31)},
                                     absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(stats.ok()) << stats.status();
  const OutreachStatistics& s = *stats;
  // "205 tin, 57 bài; 37 chuyên mục ...; truyền hình được 54 tin, 08 bài".
  EXPECT_EQ(Quantity(s, kNews, kRadio, kCollective), 205);
  EXPECT_EQ(Quantity(s, kArticle, kRadio, kCollective), 57);
  EXPECT_EQ(Quantity(s, kColumn, kRadio, kNewRural), 37);
  EXPECT_EQ(Quantity(s, kNews, kTelevision, kCollective), 54);
  EXPECT_EQ(Quantity(s, kArticle, kTelevision, kCollective), 8);
  // "khoảng 120 ..., trong đó: 30 doanh nghiệp, 20 hợp tác xã, 20 hộ kinh doanh";
  // "trên 40 doanh nghiệp, HTX"; "hơn 100 đại biểu".
  EXPECT_EQ(FormatVietnamese(s.participants.at(kTotal)), "khoảng 120");
  EXPECT_EQ(s.participants.at(kEnterprise), (QualifiedCount{30, kExact}));
  EXPECT_EQ(s.participants.at(kCooperative), (QualifiedCount{20, kExact}));
  EXPECT_EQ(s.participants.at(kHousehold), (QualifiedCount{20, kExact}));
  EXPECT_EQ(FormatVietnamese(s.participants.at(kEnterpriseOrCooperative)), "trên 40");
  EXPECT_EQ(s.participants.at(kDelegate), (QualifiedCount{100, kOver}));
  // Five fairs and displays, one promotion naming Công Sơn.
  int fairs_and_displays = 0;
  std::vector<std::string> promoted;
  for (const ActivityRecord& e : s.events) {
    if (e.fields.kind == kFair || e.fields.kind == kDisplay) ++fairs_and_displays;
    if (e.fields.kind == kPromotion) promoted = e.fields.cooperative_registration_numbers;
  }
  EXPECT_EQ(fairs_and_displays, 5);
  EXPECT_THAT(promoted, ElementsAre(kCongSon));
  EXPECT_EQ(s.events.size(), 10u);  // + training, award, dialogue, khuyến công, promotion
  EXPECT_EQ(s.events.front().fields.title, "Hội chợ Xuân Xứ Lạng");
}

}  // namespace
}  // namespace hoptac::outreach
