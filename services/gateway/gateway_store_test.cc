// The gateway store on a fresh MariaDB database per test: rounds, the unit
// state machine under transactions, version history, idempotency.
#include "services/gateway/gateway_store.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/audit_log.h"
#include "services/common/migrations.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "services/gateway/gateway_migrations.h"

namespace hoptac::gateway {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

const absl::Time kDeadline = absl::FromUnixSeconds(1'702'900'000);  // 2023-12-18

class GatewayStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = hoptac::testing::TestDatabase::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(4);
    auto migrated = ApplyMigrations(*db_, GatewayMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated.status();
    store_ = std::make_unique<GatewayStore>(*db_);
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

  static MutationContext Mutation(const std::string& request_id = "",
                                  const std::string& fingerprint = "f") {
    return MutationContext{"tester", request_id, fingerprint,
                           AuditEventFor(Caller{"tester", "20", Role::kProvinceAdmin, {}, ""},
                                         "hoptac.gateway.v1.GatewayService/Test", "", request_id)};
  }

  static RoundRecord Round() {
    RoundRecord r;
    r.org_unit_code = "20";
    r.province_name = "Tỉnh Lạng Sơn";
    r.period = CalendarYear(2023);
    r.data_window = {absl::CivilDay(2022, 12, 15), absl::CivilDay(2023, 12, 14)};
    r.template_name = "templates/bao-cao-ke-hoach-115/versions/1";
    r.template_bytes = std::string("\x0a\x00\x12", 3);  // bytes with a NUL survive
    r.request_letter = "Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023";
    r.deadline = kDeadline;
    r.issuing_body = "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN";
    r.title = "Tổng hợp năm 2023";
    r.expected_units = {{"183", "Huyện Cao Lộc"}, {"180", "Thành phố Lạng Sơn"},
                        {"188", "Huyện Lộc Bình"}};
    return r;
  }

  int64_t CreateRound() {
    auto round = store_->CreateRound(Round(), Mutation(), Deadline());
    EXPECT_TRUE(round.ok()) << round.status();
    return round.ok() ? round->id : 0;
  }

  static NewSubmission Snapshot(const std::string& code, const std::string& name) {
    return NewSubmission{code, name, std::string(64, 'a'), std::string("snap\0shot", 9)};
  }

  absl::StatusOr<SubmissionRecord> Submit(int64_t round, const std::string& code,
                                          absl::Time at, const std::string& request_id = "") {
    return store_->Submit(round, Snapshot(code, "reportDrafts/1/snapshots/1"), at,
                          Mutation(request_id), Deadline());
  }

  absl::StatusOr<SubmissionRecord> Return(int64_t round, const std::string& code,
                                          const std::string& reason) {
    return store_->ReviewCurrent(round, code, Review{false, reason}, kDeadline + absl::Hours(1),
                                 Mutation(), Deadline());
  }

  absl::StatusOr<SubmissionRecord> Accept(int64_t round, const std::string& code) {
    return store_->ReviewCurrent(round, code, Review{true, ""}, kDeadline + absl::Hours(2),
                                 Mutation(), Deadline());
  }

  std::unique_ptr<hoptac::testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<GatewayStore> store_;
};

TEST_F(GatewayStoreTest, CreatedRoundReadsBackWithItsUnitsByCode) {
  const int64_t id = CreateRound();
  HOPTAC_ASSERT_OK_AND_ASSIGN(RoundRecord round, store_->GetRound(id, Deadline()));
  EXPECT_EQ(round.org_unit_code, "20");
  EXPECT_EQ(round.request_letter, "Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023");
  EXPECT_EQ(round.deadline, kDeadline);
  EXPECT_EQ(round.data_window.start, absl::CivilDay(2022, 12, 15));
  EXPECT_EQ(round.template_bytes, std::string("\x0a\x00\x12", 3));
  ASSERT_EQ(round.expected_units.size(), 3u);
  EXPECT_EQ(round.expected_units[0].code, "180");
  EXPECT_EQ(round.expected_units[0].display_name, "Thành phố Lạng Sơn");
}

TEST_F(GatewayStoreTest, CreateWithTheSameRequestIdCreatesOnce) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto first, store_->CreateRound(Round(), Mutation("r-1"), Deadline()));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto again, store_->CreateRound(Round(), Mutation("r-1"), Deadline()));
  EXPECT_EQ(first.id, again.id);
  EXPECT_THAT(store_->CreateRound(Round(), Mutation("r-1", "other"), Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto rounds, store_->ListRounds(10, 0, Deadline()));
  EXPECT_EQ(rounds.size(), 1u);
}

TEST_F(GatewayStoreTest, UnknownRoundIsNotFound) {
  EXPECT_THAT(store_->GetRound(999, Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("reportingRounds/999")));
}

TEST_F(GatewayStoreTest, ListsRoundsNewestFirstByPages) {
  const int64_t a = CreateRound(), b = CreateRound(), c = CreateRound();
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto page, store_->ListRounds(2, 0, Deadline()));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, c);
  EXPECT_EQ(page[1].id, b);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto rest, store_->ListRounds(2, b, Deadline()));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, a);
}

TEST_F(GatewayStoreTest, SubmissionTimelinessFollowsTheDeadline) {
  const int64_t id = CreateRound();
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto on_time, Submit(id, "183", kDeadline - absl::Hours(1)));
  EXPECT_EQ(on_time.state, UnitState::kSubmittedOnTime);
  EXPECT_EQ(on_time.version, 1);
  EXPECT_EQ(on_time.snapshot_bytes, std::string("snap\0shot", 9));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto late, Submit(id, "188", kDeadline + absl::Hours(1)));
  EXPECT_EQ(late.state, UnitState::kSubmittedLate);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto progress, store_->ListProgress(id, Deadline()));
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress[0].state, UnitState::kNotStarted);
  EXPECT_FALSE(progress[0].first_submit_time.has_value());
  EXPECT_TRUE(progress[1].on_time);
  EXPECT_FALSE(progress[2].on_time);
  EXPECT_EQ(progress[2].first_submit_time, kDeadline + absl::Hours(1));
}

TEST_F(GatewayStoreTest, AUnitOutsideTheRoundIsRefusedByName) {
  const int64_t id = CreateRound();
  EXPECT_THAT(Submit(id, "999", kDeadline),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("org_unit"), HasSubstr("orgUnits/999"))));
}

TEST_F(GatewayStoreTest, ReturnResubmitAcceptKeepsEveryVersion) {
  const int64_t id = CreateRound();
  ASSERT_THAT(Submit(id, "183", kDeadline - absl::Hours(1)), IsOk());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto returned, Return(id, "183", "Thiếu số liệu khuyến công."));
  EXPECT_EQ(returned.state, UnitState::kReturned);
  EXPECT_EQ(returned.return_reason, "Thiếu số liệu khuyến công.");
  ASSERT_TRUE(returned.review_time.has_value());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto again, Submit(id, "183", kDeadline + absl::Hours(3)));
  EXPECT_EQ(again.state, UnitState::kResubmitted);
  EXPECT_EQ(again.version, 2);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto accepted, Accept(id, "183"));
  EXPECT_EQ(accepted.state, UnitState::kAccepted);
  EXPECT_EQ(accepted.version, 2);

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto history,
                              store_->ListSubmissions(id, "183", 10, "", 0, false, Deadline()));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].state, UnitState::kReturned);
  EXPECT_EQ(history[0].return_reason, "Thiếu số liệu khuyến công.");
  EXPECT_EQ(history[1].state, UnitState::kAccepted);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto progress, store_->ListProgress(id, Deadline()));
  EXPECT_EQ(progress[1].state, UnitState::kAccepted);
  EXPECT_TRUE(progress[1].on_time);  // the first version was on time
  EXPECT_EQ(progress[1].versions, 2);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto latest, store_->LatestSubmissions(id, Deadline()));
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_EQ(latest[0].version, 2);
  EXPECT_EQ(latest[0].snapshot_bytes, std::string("snap\0shot", 9));
}

TEST_F(GatewayStoreTest, ForbiddenTransitionsNameBothStatesAndChangeNothing) {
  const int64_t id = CreateRound();
  EXPECT_THAT(Accept(id, "183"), StatusIs(absl::StatusCode::kFailedPrecondition,
                                          AllOf(HasSubstr("NOT_STARTED"), HasSubstr("ACCEPTED"))));
  ASSERT_THAT(Submit(id, "183", kDeadline), IsOk());
  EXPECT_THAT(Submit(id, "183", kDeadline),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SUBMITTED_ON_TIME")));
  ASSERT_THAT(Accept(id, "183"), IsOk());
  EXPECT_THAT(Return(id, "183", "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("ACCEPTED"), HasSubstr("RETURNED"))));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto history,
                              store_->ListSubmissions(id, std::nullopt, 10, "", 0, false, Deadline()));
  EXPECT_EQ(history.size(), 1u);
}

TEST_F(GatewayStoreTest, ConcurrentSubmissionsOfOneUnitEnterOnce) {
  const int64_t id = CreateRound();
  constexpr int kThreads = 6;
  std::vector<absl::Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { results[i] = Submit(id, "183", kDeadline).status(); });
  }
  for (std::thread& t : threads) t.join();
  int entered = 0;
  for (const absl::Status& s : results) {
    if (s.ok()) {
      ++entered;
    } else {
      EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SUBMITTED")));
    }
  }
  EXPECT_EQ(entered, 1);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto history,
                              store_->ListSubmissions(id, "183", 10, "", 0, false, Deadline()));
  EXPECT_EQ(history.size(), 1u);
}

TEST_F(GatewayStoreTest, RetriedSubmissionIsAppliedOnce) {
  const int64_t id = CreateRound();
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto first, Submit(id, "183", kDeadline, "s-1"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto again, Submit(id, "183", kDeadline, "s-1"));
  EXPECT_EQ(first.id, again.id);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto progress, store_->ListProgress(id, Deadline()));
  EXPECT_EQ(progress[1].versions, 1);
}

TEST_F(GatewayStoreTest, EachAppliedMutationAppendsOneAuditEventNamingWhatItMade) {
  auto round = store_->CreateRound(Round(), Mutation("round-1"), Deadline());
  ASSERT_THAT(round.status(), IsOk());
  ASSERT_THAT(store_->CreateRound(Round(), Mutation("round-1"), Deadline()).status(), IsOk());
  auto submitted = Submit(round->id, "183", kDeadline - absl::Hours(1), "in-183");
  ASSERT_THAT(submitted.status(), IsOk());
  ASSERT_THAT(Submit(round->id, "183", kDeadline - absl::Hours(1), "in-183").status(), IsOk());
  // A refused change appends nothing here (the access gate appends refusals).
  EXPECT_THAT(Submit(round->id, "999", kDeadline, "in-999").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  auto events = ReadAuditEvents(*db_, AuditQuery{}, Deadline());
  ASSERT_THAT(events.status(), IsOk());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].resource, absl::StrCat("reportingRounds/", round->id));
  EXPECT_EQ((*events)[0].request_id, "round-1");
  EXPECT_EQ((*events)[0].subject, "tester");
  EXPECT_EQ((*events)[1].resource,
            absl::StrCat("reportingRounds/", round->id, "/submissions/", submitted->id));
  EXPECT_EQ((*events)[1].request_id, "in-183");
}

TEST_F(GatewayStoreTest, ListsSubmissionsByUnitThenVersionInPages) {
  const int64_t id = CreateRound();
  ASSERT_THAT(Submit(id, "188", kDeadline), IsOk());
  ASSERT_THAT(Submit(id, "183", kDeadline), IsOk());
  ASSERT_THAT(Return(id, "183", "Bổ sung"), IsOk());
  ASSERT_THAT(Submit(id, "183", kDeadline), IsOk());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto page,
                              store_->ListSubmissions(id, std::nullopt, 2, "", 0, false, Deadline()));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].unit_code, "183");
  EXPECT_EQ(page[1].version, 2);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto rest,
                              store_->ListSubmissions(id, std::nullopt, 2, "183", 2, false, Deadline()));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].unit_code, "188");
}

}  // namespace
}  // namespace hoptac::gateway
