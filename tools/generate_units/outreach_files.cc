// outreach/activities.jsonl of a generated unit: quarterly radio and
// television logs, trade fairs and displays, a product promotion, the
// training conference, the khuyến công conference, the Entrepreneurs' Day
// ceremony naming the awarded cooperatives, and the voter-contact dialogue.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "hoptac/outreach/v1/outreach.pb.h"
#include "services/common/proto_date.h"
#include "tools/generate_units/seeded_random.h"
#include "tools/generate_units/unit_fixture.h"
#include "tools/generate_units/vietnamese_names.h"

namespace hoptac::generate {
namespace {

namespace ot = ::hoptac::outreach::v1;

constexpr char kFile[] = "outreach/activities.jsonl";
constexpr char kHeader[] =
    "Outreach activities (tuyên truyền). Each line: hoptac.outreach.v1.CreateActivityRequest.";

ot::Activity NewActivity(const UnitPlan& plan, ot::ActivityKind kind, ot::Channel channel,
                         std::vector<ot::Topic> topics, const std::string& title,
                         absl::CivilDay start, absl::CivilDay end) {
  ot::Activity a;
  a.set_kind(kind);
  a.set_channel(channel);
  for (ot::Topic t : topics) a.add_topics(t);
  a.set_title(title);
  a.set_org_unit_code(plan.unit.code);
  DayToProto(start, a.mutable_start_date());
  DayToProto(end, a.mutable_end_date());
  a.set_quantity(1);
  return a;
}

void Add(FixtureFiles& files, ot::Activity activity) {
  ot::CreateActivityRequest request;
  *request.mutable_activity() = std::move(activity);
  AppendLine(files, kFile, kHeader, FixtureLine(request));
}

void AddParticipants(ot::Activity& a, ot::ParticipantKind kind, int64_t value,
                     ot::CountQualifier qualifier) {
  ot::ParticipantCount& p = *a.add_participants();
  p.set_kind(kind);
  p.mutable_count()->set_value(value);
  p.mutable_count()->set_qualifier(qualifier);
}

void AddBroadcastLogs(const UnitPlan& plan, SeededRandom& random, FixtureFiles& files) {
  const std::string centre = absl::StrCat("Trung tâm Văn hóa, Thể thao và Truyền thông ",
                                          InSentence(plan.unit.display_name));
  struct Log {
    ot::ActivityKind kind;
    ot::Channel channel;
    ot::Topic topic;
    const char* what;
    int low, high;  // per quarter
  };
  const Log logs[] = {
      {ot::ACTIVITY_KIND_NEWS_ITEM, ot::CHANNEL_RADIO, ot::TOPIC_COLLECTIVE_ECONOMY,
       "Tin phát thanh về kinh tế tập thể, hợp tác xã", 18, 55},
      {ot::ACTIVITY_KIND_ARTICLE, ot::CHANNEL_RADIO, ot::TOPIC_COLLECTIVE_ECONOMY,
       "Bài phát thanh về kinh tế tập thể, hợp tác xã", 3, 16},
      {ot::ACTIVITY_KIND_COLUMN, ot::CHANNEL_RADIO, ot::TOPIC_NEW_RURAL_DEVELOPMENT,
       "Chuyên mục thông tin tuyên truyền xây dựng nông thôn mới", 3, 10},
      {ot::ACTIVITY_KIND_NEWS_ITEM, ot::CHANNEL_TELEVISION, ot::TOPIC_COLLECTIVE_ECONOMY,
       "Tin truyền hình về kinh tế tập thể, hợp tác xã", 4, 16},
      {ot::ACTIVITY_KIND_ARTICLE, ot::CHANNEL_TELEVISION, ot::TOPIC_COLLECTIVE_ECONOMY,
       "Bài truyền hình về kinh tế tập thể, hợp tác xã", 0, 3}};
  const char* quarters[] = {"I", "II", "III", "IV"};
  for (const Log& log : logs) {
    for (int q = 0; q < 4; ++q) {
      const int64_t quantity = random.Uniform(log.low, log.high);
      if (quantity == 0) continue;  // nothing broadcast that quarter: no log
      ot::Activity a = NewActivity(
          plan, log.kind, log.channel, {log.topic},
          absl::StrCat(log.what, " quý ", quarters[q], "/", plan.year),
          absl::CivilDay(plan.year, 3 * q + 1, 1), absl::CivilDay(plan.year, 3 * q + 4, 1) - 1);
      a.add_co_organizers(centre);
      a.add_document_references(
          "Chương trình hành động số 71-CTr/TU ngày 09/3/2023 của Ban Chấp hành Đảng bộ tỉnh");
      a.set_quantity(quantity);
      Add(files, std::move(a));
    }
  }
}

void AddTradePromotion(const UnitPlan& plan, SeededRandom& random, FixtureFiles& files) {
  std::vector<TradeEvent> events = TradeEvents();
  random.Shuffle(events);
  std::vector<const CooperativePlan*> active = plan.Active();
  const size_t count = static_cast<size_t>(random.Uniform(2, 4));
  for (size_t i = 0; i < count && i < events.size(); ++i) {
    const TradeEvent& e = events[i];
    const absl::CivilDay start(plan.year, e.month, e.day);
    ot::Activity a = NewActivity(
        plan, e.display ? ot::ACTIVITY_KIND_PRODUCT_DISPLAY : ot::ACTIVITY_KIND_TRADE_FAIR,
        ot::CHANNEL_IN_PERSON, {ot::TOPIC_TRADE_PROMOTION}, e.title, start,
        start + random.Uniform(2, 5));
    a.set_location(e.location);
    random.Shuffle(active);
    int named = 0;  // up to three cooperatives that existed on the day
    for (const CooperativePlan* c : active) {
      if (named == 3) break;
      if (c->group || c->established >= start) continue;
      a.add_cooperative_registration_numbers(c->registration_number);
      ++named;
    }
    Add(files, std::move(a));
  }
  if (!active.empty() && random.Chance(60)) {
    const absl::CivilDay day(plan.year, random.Uniform(9, 12), random.Uniform(1, 28));
    const CooperativePlan* promoted = active.front();
    for (const CooperativePlan* c : active) {
      if (c->established < day) promoted = c;
    }
    const CooperativePlan& c = *promoted;
    ot::Activity a = NewActivity(plan, ot::ACTIVITY_KIND_PROMOTION, ot::CHANNEL_IN_PERSON,
                                 {ot::TOPIC_TRADE_PROMOTION, ot::TOPIC_OCOP},
                                 absl::StrCat("Quảng bá sản phẩm ", c.product, " của ", c.display_name),
                                 day, day);
    a.set_location(absl::StrCat("Trung tâm Văn hóa, Thể thao và Truyền thông ",
                                InSentence(plan.unit.display_name)));
    a.add_cooperative_registration_numbers(c.registration_number);
    Add(files, std::move(a));
  }
}

void AddEvents(const UnitPlan& plan, SeededRandom& random, FixtureFiles& files) {
  const std::string unit = InSentence(plan.unit.display_name);
  const std::string hall = absl::StrCat("Hội trường UBND ", unit);

  const absl::CivilDay training_day(plan.year, random.Uniform(6, 9), random.Uniform(5, 25));
  ot::Activity training = NewActivity(
      plan, ot::ACTIVITY_KIND_TRAINING, ot::CHANNEL_IN_PERSON,
      {ot::TOPIC_ENTERPRISE_DEVELOPMENT, ot::TOPIC_DIGITAL_TRANSFORMATION},
      "Hội nghị tuyên truyền, tập huấn kiến thức về Luật Doanh nghiệp, đăng ký doanh nghiệp "
      "qua mạng điện tử, chuyển đổi hộ kinh doanh thành doanh nghiệp và chuyển đổi số",
      training_day, training_day);
  training.set_location(hall);
  training.add_co_organizers("Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn");
  const int64_t enterprises = random.Uniform(8, 35), cooperatives = random.Uniform(6, 22),
                households = random.Uniform(5, 25);
  const bool about = random.Chance(50);
  const int64_t total = about ? ((enterprises + cooperatives + households) / 10 + 2) * 10
                              : enterprises + cooperatives + households + random.Uniform(3, 15);
  AddParticipants(training, ot::PARTICIPANT_KIND_TOTAL, total,
                  about ? ot::COUNT_QUALIFIER_ABOUT : ot::COUNT_QUALIFIER_EXACT);
  AddParticipants(training, ot::PARTICIPANT_KIND_ENTERPRISE, enterprises, ot::COUNT_QUALIFIER_EXACT);
  AddParticipants(training, ot::PARTICIPANT_KIND_COOPERATIVE, cooperatives, ot::COUNT_QUALIFIER_EXACT);
  AddParticipants(training, ot::PARTICIPANT_KIND_HOUSEHOLD_BUSINESS, households,
                  ot::COUNT_QUALIFIER_EXACT);
  Add(files, std::move(training));

  const absl::CivilDay conference_day(plan.year, random.Uniform(5, 8), random.Uniform(3, 26));
  ot::Activity conference = NewActivity(
      plan, ot::ACTIVITY_KIND_CONFERENCE, ot::CHANNEL_IN_PERSON, {ot::TOPIC_INDUSTRIAL_PROMOTION},
      absl::StrCat("Hội nghị tuyên truyền hoạt động khuyến công trên địa bàn ", unit),
      conference_day, conference_day);
  conference.set_location(hall);
  conference.add_co_organizers(
      "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Lạng Sơn");
  AddParticipants(conference, ot::PARTICIPANT_KIND_DELEGATE, random.Uniform(5, 12) * 10,
                  ot::COUNT_QUALIFIER_OVER);
  Add(files, std::move(conference));

  const absl::CivilDay ceremony_day(plan.year, 10, 13);
  ot::Activity ceremony = NewActivity(
      plan, ot::ACTIVITY_KIND_AWARD_CEREMONY, ot::CHANNEL_IN_PERSON,
      {ot::TOPIC_COLLECTIVE_ECONOMY, ot::TOPIC_ENTERPRISE_DEVELOPMENT},
      absl::StrCat("Chương trình chúc mừng kỷ niệm ", plan.year - 2004,
                   " năm Ngày Doanh nhân Việt Nam và gặp gỡ, đối thoại với các doanh nghiệp, "
                   "hợp tác xã trên địa bàn ", unit, " năm ", plan.year),
      ceremony_day, ceremony_day);
  ceremony.set_location(hall);
  for (const CooperativePlan& c : plan.cooperatives) {
    if (c.awarded) ceremony.add_cooperative_registration_numbers(c.registration_number);
  }
  Add(files, std::move(ceremony));

  const absl::CivilDay meeting_day(plan.year, 11, random.Uniform(6, 24));
  ot::Activity meeting = NewActivity(
      plan, ot::ACTIVITY_KIND_VOTER_MEETING, ot::CHANNEL_IN_PERSON,
      {ot::TOPIC_COLLECTIVE_ECONOMY, ot::TOPIC_ENTERPRISE_DEVELOPMENT},
      absl::StrCat("Tiếp xúc cử tri chuyên đề giữa chính quyền với doanh nghiệp, hợp tác xã "
                   "trên địa bàn ", unit),
      meeting_day, meeting_day);
  meeting.set_location(hall);
  meeting.add_co_organizers(absl::StrCat("Thường trực HĐND ", unit));
  AddParticipants(meeting, ot::PARTICIPANT_KIND_ENTERPRISE_OR_COOPERATIVE,
                  random.Uniform(2, 6) * 10, ot::COUNT_QUALIFIER_OVER);
  Add(files, std::move(meeting));
}

}  // namespace

void AddOutreachFiles(const UnitPlan& plan, FixtureFiles& files) {
  SeededRandom random(absl::StrCat(plan.unit.code, "/outreach"));
  AddBroadcastLogs(plan, random, files);
  AddTradePromotion(plan, random, files);
  AddEvents(plan, random, files);
}

}  // namespace hoptac::generate
