// The outreach store on a fresh MariaDB database per test.
#include "services/outreach/outreach_store.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/audit_log.h"
#include "services/common/migrations.h"
#include "services/common/testing/test_database.h"
#include "services/outreach/outreach_migrations.h"

namespace hoptac::outreach {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int kNewsItem = 1, kArticle = 2, kConference = 4, kTradeFair = 9;
constexpr int kRadio = 1, kTelevision = 2, kInPerson = 8;
constexpr int kCollectiveEconomy = 1, kNewRural = 2;
constexpr int kEnterprise = 1, kCooperative = 2, kTotal = 7;
constexpr char kMethod[] = "hoptac.outreach.v1.OutreachService/Test";

class OutreachStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = hoptac::testing::TestDatabase::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(4);
    auto migrated = ApplyMigrations(*db_, OutreachMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated.status();
    store_ = std::make_unique<OutreachStore>(*db_);
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

  // A mutation of a unit officer of Cao Lộc, with its audit event.
  static MutationContext Mutation(const std::string& request_id = "",
                                  const std::string& fingerprint = "f") {
    Caller caller;
    caller.subject = "officer.caoloc";
    caller.org_unit = "183";
    caller.role = Role::kUnitOfficer;
    MutationContext mutation;
    mutation.actor = "tester";
    mutation.request_id = request_id;
    mutation.fingerprint = fingerprint;
    mutation.audit = AuditEventFor(caller, kMethod, "", request_id);
    return mutation;
  }

  std::vector<AuditEvent> AuditEvents() {
    auto events = ReadAuditEvents(*db_, AuditQuery{}, Deadline());
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<AuditEvent>{});
  }

  static ActivityFields News(int64_t quantity, const std::string& unit = "180",
                             absl::CivilDay day = absl::CivilDay(2023, 6, 1)) {
    ActivityFields f;
    f.kind = kNewsItem;
    f.channel = kRadio;
    f.topics = {kCollectiveEconomy};
    f.title = "Tin kinh tế tập thể";
    f.org_unit_code = unit;
    f.start_date = day;
    f.end_date = day;
    f.quantity = quantity;
    return f;
  }

  ActivityRecord Create(const ActivityFields& f) {
    auto created = store_->CreateActivity(f, Mutation(), Deadline());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.value_or(ActivityRecord{});
  }

  int64_t CountRows(const std::string& statement) {
    int64_t n = -1;
    absl::Status s = db_->WithSession(Deadline(), [&](SqlSession& session) {
      std::unique_ptr<sql::ResultSet> r(session.Prepare(statement).executeQuery());
      r->next();
      n = r->getInt64(1);
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return n;
  }

  static const Period k2023;
  std::unique_ptr<hoptac::testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<OutreachStore> store_;
};

const Period OutreachStoreTest::k2023{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 12, 31)};

TEST_F(OutreachStoreTest, CreateThenGetKeepsEveryField) {
  ActivityFields f = News(1);
  f.kind = kConference;
  f.channel = kInPerson;
  f.topics = {kCollectiveEconomy, kNewRural};
  f.title = "Hội nghị tập huấn kinh tế tập thể";
  f.end_date = absl::CivilDay(2023, 6, 2);
  f.location = "Hội trường UBND huyện Cao Lộc";
  f.co_organizers = {"Sở Kế hoạch và Đầu tư"};
  f.document_references = {"Kế hoạch số 115/KH-UBND", "Kế hoạch số 241/KH-UBND"};
  f.participants = {{kEnterprise, {30, CountQualifier::kExact}},
                    {kTotal, {120, CountQualifier::kAbout}}};
  f.cooperative_registration_numbers = {"4900100001", "4900100002-001"};
  ActivityRecord created = Create(f);
  auto got = store_->GetActivity(created.id, false, Deadline());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->revision, 1);
  EXPECT_FALSE(got->deleted);
  EXPECT_EQ(got->fields.title, f.title);
  EXPECT_EQ(got->fields.location, f.location);
  EXPECT_EQ(got->fields.end_date, f.end_date);
  EXPECT_EQ(got->fields.topics, f.topics);
  EXPECT_EQ(got->fields.co_organizers, f.co_organizers);
  EXPECT_EQ(got->fields.document_references, f.document_references);
  EXPECT_EQ(got->fields.cooperative_registration_numbers, f.cooperative_registration_numbers);
  EXPECT_EQ(got->fields.participants, f.participants);
}

TEST_F(OutreachStoreTest, CreateWithTheSameRequestIdIsAppliedOnce) {
  auto first = store_->CreateActivity(News(5), Mutation("req-1", "fp"), Deadline());
  auto retry = store_->CreateActivity(News(5), Mutation("req-1", "fp"), Deadline());
  ASSERT_TRUE(first.ok() && retry.ok());
  EXPECT_EQ(first->id, retry->id);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM activities"), 1);
  auto reused = store_->CreateActivity(News(6), Mutation("req-1", "other"), Deadline());
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM activities"), 1);
}

TEST_F(OutreachStoreTest, UpdateWithAStaleRevisionIsAbortedAndChangesNothing) {
  ActivityRecord a = Create(News(5));
  ActivityFields changed = a.fields;
  changed.quantity = 7;
  changed.topics = {kNewRural};
  auto updated = store_->UpdateActivity(a.id, changed, a.revision, Mutation(), Deadline());
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->revision, 2);
  EXPECT_EQ(updated->fields.quantity, 7);
  EXPECT_THAT(updated->fields.topics, ElementsAre(kNewRural));

  changed.quantity = 9;
  auto stale = store_->UpdateActivity(a.id, changed, a.revision, Mutation(), Deadline());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(stale.status().message()), HasSubstr("etag"));
  auto got = store_->GetActivity(a.id, false, Deadline());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->fields.quantity, 7);
  EXPECT_EQ(got->revision, 2);
}

TEST_F(OutreachStoreTest, DeleteIsSoftAndRecordedWithActorAndReason) {
  ActivityRecord a = Create(News(5));
  auto stale = store_->DeleteActivity(a.id, a.revision + 1, "nhập trùng", Mutation(), Deadline());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  auto deleted = store_->DeleteActivity(a.id, a.revision, "nhập trùng", Mutation(), Deadline());
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_TRUE(deleted->deleted);
  EXPECT_EQ(store_->GetActivity(a.id, false, Deadline()).status().code(),
            absl::StatusCode::kNotFound);
  auto shown = store_->GetActivity(a.id, true, Deadline());
  ASSERT_TRUE(shown.ok());
  EXPECT_TRUE(shown->deleted);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM activities"), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM activity_changes WHERE change_type = 'deleted' "
                      "AND actor = 'tester' AND reason = 'nhập trùng' AND revision = 2"),
            1);
  auto stats = store_->GetStatistics({"180"}, k2023, Deadline());
  ASSERT_TRUE(stats.ok());
  EXPECT_TRUE(stats->quantities.empty());
}

TEST_F(OutreachStoreTest, ImportIsAllOrNone) {
  std::vector<ActivityFields> rows = {News(1), News(2), News(3)};
  rows[2].end_date = absl::CivilDay(2020, 1, 1);  // the schema's CHECK rejects it
  auto failed = store_->ImportActivities(rows, Mutation("imp-1"), Deadline());
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM activities"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM request_log"), 0);

  rows[2].end_date = rows[2].start_date;
  auto imported = store_->ImportActivities(rows, Mutation("imp-2"), Deadline());
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_EQ(imported->size(), 3u);
  EXPECT_EQ((*imported)[1].fields.quantity, 2);
  auto retry = store_->ImportActivities(rows, Mutation("imp-2"), Deadline());
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->size(), 3u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM activities"), 3);
}

TEST_F(OutreachStoreTest, EveryChangeAppendsOneAuditEventInItsTransactionAndARetryNone) {
  auto created = store_->CreateActivity(News(5), Mutation("req-a", "fp"), Deadline());
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string name = absl::StrCat("activities/", created->id);
  ASSERT_TRUE(store_->CreateActivity(News(5), Mutation("req-a", "fp"), Deadline()).ok());
  std::vector<AuditEvent> events = AuditEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].subject, "officer.caoloc");
  EXPECT_EQ(events[0].role, "unit_officer");
  EXPECT_EQ(events[0].org_unit, "183");
  EXPECT_EQ(events[0].method, kMethod);
  EXPECT_EQ(events[0].resource, name);
  EXPECT_EQ(events[0].request_id, "req-a");
  EXPECT_EQ(events[0].outcome, "OK");

  ActivityFields changed = created->fields;
  changed.quantity = 6;
  ASSERT_TRUE(
      store_->UpdateActivity(created->id, changed, created->revision, Mutation(), Deadline()).ok());
  ASSERT_TRUE(store_->DeleteActivity(created->id, 2, "nhập trùng", Mutation(), Deadline()).ok());
  // A stale change writes nothing, its event included.
  EXPECT_FALSE(store_->DeleteActivity(created->id, 2, "lại", Mutation(), Deadline()).ok());
  events = AuditEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].resource, name);
  EXPECT_EQ(events[2].resource, name);

  std::vector<ActivityFields> rows = {News(1), News(2)};
  rows[1].end_date = absl::CivilDay(2020, 1, 1);  // the schema's CHECK rejects it
  EXPECT_FALSE(store_->ImportActivities(rows, Mutation("imp-a"), Deadline()).ok());
  EXPECT_EQ(AuditEvents().size(), 3u);
  rows[1].end_date = rows[1].start_date;
  auto imported = store_->ImportActivities(rows, Mutation("imp-b"), Deadline());
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_TRUE(store_->ImportActivities(rows, Mutation("imp-b"), Deadline()).ok());
  events = AuditEvents();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[3].resource, absl::StrCat("activities/", (*imported)[0].id, "..",
                                             (*imported)[1].id));
  EXPECT_EQ(events[3].request_id, "imp-b");
}

TEST_F(OutreachStoreTest, TheSchemaEndsWithTheAuditTrail) {
  const std::vector<Migration>& migrations = OutreachMigrations();
  ASSERT_EQ(migrations.size(), 2u);
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[1].version, 2);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_events"), 0);
}

TEST_F(OutreachStoreTest, StatisticsSumABatchAndSingleItemsTheSameInSql) {
  Create(News(205));
  for (int i = 0; i < 5; ++i) Create(News(1));
  ActivityFields tv = News(54);
  tv.channel = kTelevision;
  Create(tv);
  auto stats = store_->GetStatistics({"180"}, k2023, Deadline());
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->quantities.size(), 2u);
  EXPECT_EQ(stats->quantities[0].channel, kRadio);
  EXPECT_EQ(stats->quantities[0].quantity, 210);
  EXPECT_EQ(stats->quantities[0].activity_count, 6);
  EXPECT_EQ(stats->quantities[1].channel, kTelevision);
  EXPECT_EQ(stats->quantities[1].quantity, 54);
}

TEST_F(OutreachStoreTest, AStatisticAboveTheBoundOfCountsIsOutOfRange) {
  Create(News(kMaxCount));
  Create(News(kMaxCount));
  auto stats = store_->GetStatistics({"180"}, k2023, Deadline());
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kOutOfRange) << stats.status();
}

TEST_F(OutreachStoreTest, StatisticsCountOnlyTheGivenUnitsAndPeriod) {
  Create(News(10, "180"));
  Create(News(20, "6001"));
  Create(News(40, "999"));                                   // another unit
  Create(News(80, "180", absl::CivilDay(2024, 1, 1)));       // another year
  auto stats = store_->GetStatistics({"180", "6001"}, k2023, Deadline());
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->quantities.size(), 1u);
  EXPECT_EQ(stats->quantities[0].quantity, 30);
}

TEST_F(OutreachStoreTest, StatisticsKeepTheWeakestQualifierAndListEvents) {
  ActivityFields training = News(1);
  training.kind = kConference;
  training.channel = kInPerson;
  training.start_date = training.end_date = absl::CivilDay(2023, 9, 20);
  training.participants = {{kTotal, {120, CountQualifier::kAbout}},
                           {kEnterprise, {30, CountQualifier::kExact}}};
  ActivityFields dialogue = training;
  dialogue.start_date = dialogue.end_date = absl::CivilDay(2023, 7, 1);
  dialogue.participants = {{kTotal, {40, CountQualifier::kOver}},
                           {kEnterprise, {10, CountQualifier::kExact}},
                           {kCooperative, {5, CountQualifier::kOver}}};
  ActivityFields fair = training;
  fair.kind = kTradeFair;
  fair.title = "Hội chợ Xuân Xứ Lạng";
  fair.location = "Thành phố Lạng Sơn";
  fair.start_date = absl::CivilDay(2023, 1, 10);
  fair.end_date = absl::CivilDay(2023, 1, 16);
  fair.participants = {};
  fair.cooperative_registration_numbers = {"4900100001"};
  Create(training);
  Create(dialogue);
  Create(fair);
  Create(News(3));  // not an event
  auto stats = store_->GetStatistics({"180"}, k2023, Deadline());
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->participants.at(kTotal), (QualifiedCount{160, CountQualifier::kAbout}));
  EXPECT_EQ(stats->participants.at(kEnterprise), (QualifiedCount{40, CountQualifier::kExact}));
  EXPECT_EQ(stats->participants.at(kCooperative), (QualifiedCount{5, CountQualifier::kOver}));
  ASSERT_EQ(stats->events.size(), 3u);
  EXPECT_EQ(stats->events[0].fields.title, "Hội chợ Xuân Xứ Lạng");
  EXPECT_EQ(stats->events[0].fields.end_date, absl::CivilDay(2023, 1, 16));
  EXPECT_THAT(stats->events[0].fields.cooperative_registration_numbers,
              ElementsAre("4900100001"));
  EXPECT_EQ(stats->events[1].fields.start_date, absl::CivilDay(2023, 7, 1));
}

TEST_F(OutreachStoreTest, ListFiltersAndPages) {
  Create(News(1));
  ActivityFields article = News(1);
  article.kind = kArticle;
  article.topics = {kNewRural};
  Create(article);
  Create(News(1, "999"));
  ActivityFilter filter;
  filter.org_unit_codes = std::vector<std::string>{"180"};
  filter.page_size = 1;
  auto first = store_->ListActivities(filter, Deadline());
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->activities.size(), 1u);
  ASSERT_NE(first->next_after_id, 0);
  filter.after_id = first->next_after_id;
  auto second = store_->ListActivities(filter, Deadline());
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->activities.size(), 1u);
  EXPECT_EQ(second->next_after_id, 0);
  EXPECT_EQ(second->activities[0].fields.kind, kArticle);

  ActivityFilter by_topic;
  by_topic.topic = kNewRural;
  auto topical = store_->ListActivities(by_topic, Deadline());
  ASSERT_TRUE(topical.ok());
  ASSERT_EQ(topical->activities.size(), 1u);
  EXPECT_EQ(topical->activities[0].fields.kind, kArticle);
}

}  // namespace
}  // namespace hoptac::outreach
