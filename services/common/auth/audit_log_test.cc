#include "services/common/auth/audit_log.h"

#include <memory>

#include "absl/time/clock.h"
#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "cppconn/statement.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/database.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::SizeIs;

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

Caller Officer() {
  Caller caller;
  caller.subject = "officer.caoloc";
  caller.org_unit = "183";
  caller.role = Role::kUnitOfficer;
  return caller;
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = TestDatabase::Create();
    ASSERT_THAT(created, IsOk());
    test_db_ = *std::move(created);
    db_ = test_db_->Connect();
    ASSERT_THAT(ApplyMigrations(*db_, {AuditEventsMigration(1)}), IsOk());
  }
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
};

TEST_F(AuditLogTest, AnEventCommitsWithItsChangeAndOnlyWithIt) {
  ASSERT_THAT(db_->InTransaction(Soon(),
                                 [](SqlSession& session) {
                                   AppendAuditEvent(session,
                                                    AuditEventFor(Officer(), "S/ApproveGrant",
                                                                  "grants/1", "req-1"));
                                   return absl::OkStatus();
                                 }),
              IsOk());
  // The change fails after the event was appended: neither remains.
  EXPECT_THAT(db_->InTransaction(Soon(),
                                 [](SqlSession& session) {
                                   AppendAuditEvent(session,
                                                    AuditEventFor(Officer(), "S/ApproveGrant",
                                                                  "grants/2", "req-2"));
                                   return absl::FailedPreconditionError("budget exhausted");
                                 }),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
  auto events = ReadAuditEvents(*db_, AuditQuery{}, Soon());
  ASSERT_THAT(events, IsOk());
  ASSERT_THAT(*events, SizeIs(1));
  const AuditEvent& event = events->front();
  EXPECT_EQ(event.subject, "officer.caoloc");
  EXPECT_EQ(event.role, "unit_officer");
  EXPECT_EQ(event.org_unit, "183");
  EXPECT_EQ(event.method, "S/ApproveGrant");
  EXPECT_EQ(event.resource, "grants/1");
  EXPECT_EQ(event.request_id, "req-1");
  EXPECT_EQ(event.outcome, "OK");
  EXPECT_LT(absl::AbsDuration(event.occurred_at - absl::Now()), absl::Minutes(1));
}

TEST_F(AuditLogTest, TheTrailCannotBeEditedOrDeleted) {
  ASSERT_THAT(AppendAuditEventAlone(*db_,
                                    AuditEventFor(Officer(), "S/Delete", "", "r",
                                                  "PERMISSION_DENIED"),
                                    Soon()),
              IsOk());
  for (const char* statement : {"UPDATE audit_events SET outcome = 'OK'",
                                "DELETE FROM audit_events"}) {
    absl::Status tampered = db_->InTransaction(Soon(), [&](SqlSession& session) {
      std::unique_ptr<sql::Statement> s(session.connection().createStatement());
      s->execute(statement);
      return absl::OkStatus();
    });
    EXPECT_FALSE(tampered.ok()) << statement;
  }
  auto events = ReadAuditEvents(*db_, AuditQuery{}, Soon());
  ASSERT_THAT(events, IsOk());
  EXPECT_THAT(*events, ElementsAre(Field(&AuditEvent::outcome, "PERMISSION_DENIED")));
}

TEST_F(AuditLogTest, QueriesFilterAndPageByPosition) {
  for (int i = 0; i < 5; ++i) {
    Caller caller = Officer();
    if (i % 2 == 1) caller.subject = "officer.vanlang";
    ASSERT_THAT(AppendAuditEventAlone(
                    *db_, AuditEventFor(caller, "S/Create", absl::StrCat("things/", i), ""),
                    Soon()),
                IsOk());
  }
  AuditQuery by_subject;
  by_subject.subject = "officer.vanlang";
  auto vanlang = ReadAuditEvents(*db_, by_subject, Soon());
  ASSERT_THAT(vanlang, IsOk());
  EXPECT_THAT(*vanlang, ElementsAre(Field(&AuditEvent::resource, "things/1"),
                                    Field(&AuditEvent::resource, "things/3")));
  AuditQuery page;
  page.limit = 2;
  auto first = ReadAuditEvents(*db_, page, Soon());
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(*first, SizeIs(2));
  page.after_id = first->back().id;
  auto second = ReadAuditEvents(*db_, page, Soon());
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(*second, ElementsAre(Field(&AuditEvent::resource, "things/2"),
                                   Field(&AuditEvent::resource, "things/3")));
  AuditQuery future;
  future.since = absl::Now() + absl::Hours(1);
  auto none = ReadAuditEvents(*db_, future, Soon());
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(*none, IsEmpty());
}

}  // namespace
}  // namespace hoptac
