// The registry store against the real MariaDB that scripts/test.sh starts.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/audit_log.h"
#include "services/registry/registry_store_fixture.h"

namespace hoptac::registry {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::SizeIs;

int64_t CountRows(Database& db, const std::string& table) {
  int64_t n = -1;
  EXPECT_THAT(db.WithSession(absl::Now() + absl::Seconds(10),
                             [&](SqlSession& s) {
                               std::unique_ptr<sql::ResultSet> r(
                                   s.Prepare("SELECT COUNT(*) FROM " + table).executeQuery());
                               r->next();
                               n = r->getInt64(1);
                               return absl::OkStatus();
                             }),
              IsOk());
  return n;
}

OrgUnitQuery Units(const std::string& parent, absl::CivilDay as_of, int page_size) {
  OrgUnitQuery query;
  query.parent_code = parent;
  query.as_of = as_of;
  query.page_size = page_size;
  return query;
}

std::vector<std::string> Codes(const OrgUnitPage& page) {
  std::vector<std::string> codes;
  for (const OrgUnitRow& row : page.units) codes.push_back(row.unit.code);
  return codes;
}

TEST_F(RegistryStoreTest, HoldsTheDistrictTreeBeforeTheReform) {
  auto cao_loc = store_->GetOrgUnit("183", absl::CivilDay(2023, 12, 31), Deadline());
  ASSERT_THAT(cao_loc, IsOk());
  EXPECT_EQ(cao_loc->unit.name, "Huyện Cao Lộc");
  EXPECT_EQ(cao_loc->unit.level, OrgUnitLevel::kDistrict);
  EXPECT_EQ(cao_loc->unit.parent_code, "20");

  OrgUnitQuery query = Units("183", absl::CivilDay(2023, 12, 31), 100);
  auto communes = store_->ListOrgUnits(query, Deadline());
  ASSERT_THAT(communes, IsOk());
  EXPECT_THAT(communes->units, SizeIs(22));

  query = Units("20", absl::CivilDay(2024, 1, 1), 100);
  auto districts = store_->ListOrgUnits(query, Deadline());
  ASSERT_THAT(districts, IsOk());
  EXPECT_THAT(districts->units, SizeIs(11));

  query.include_subtree = true;
  query.page_size = 1000;
  auto whole = store_->ListOrgUnits(query, Deadline());
  ASSERT_THAT(whole, IsOk());
  EXPECT_THAT(whole->units, SizeIs(11 + 194));
}

TEST_F(RegistryStoreTest, HoldsTheCommuneTreeAfterTheReform) {
  EXPECT_THAT(store_->GetOrgUnit("183", absl::CivilDay(2025, 7, 1), Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("orgUnits/183")));
  OrgUnitQuery query = Units("20", absl::CivilDay(2025, 7, 1), 100);
  auto communes = store_->ListOrgUnits(query, Deadline());
  ASSERT_THAT(communes, IsOk());
  EXPECT_THAT(communes->units, SizeIs(65));
  for (const OrgUnitRow& row : communes->units) {
    EXPECT_EQ(row.unit.level, OrgUnitLevel::kCommune) << row.unit.code;
  }
}

TEST_F(RegistryStoreTest, AReusedCodeNamesDifferentUnitsByDate) {
  auto before = store_->GetOrgUnit("05977", absl::CivilDay(2024, 6, 1), Deadline());
  auto after = store_->GetOrgUnit("05977", absl::CivilDay(2025, 8, 1), Deadline());
  ASSERT_THAT(before, IsOk());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(before->unit.name, "Phường Vĩnh Trại");
  EXPECT_EQ(after->unit.name, "Phường Đông Kinh");
  std::vector<std::string> predecessors;
  for (const auto& link : after->predecessors) predecessors.push_back(link.code);
  EXPECT_THAT(predecessors, ElementsAre("05977", "05980", "05992", "06247"));
  ASSERT_THAT(before->successors, SizeIs(1));
  EXPECT_EQ(before->successors[0].code, "05977");
}

TEST_F(RegistryStoreTest, PagesOfUnitsCoverEachUnitOnce) {
  OrgUnitQuery query = Units("20", absl::CivilDay(2026, 1, 1), 10);
  std::vector<std::string> seen;
  for (int pages = 0; pages < 20; ++pages) {
    auto page = store_->ListOrgUnits(query, Deadline());
    ASSERT_THAT(page, IsOk());
    for (const std::string& code : Codes(*page)) seen.push_back(code);
    if (page->next_after.empty()) break;
    query.after = page->next_after;
  }
  EXPECT_THAT(seen, SizeIs(65));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
}

TEST_F(RegistryStoreTest, LoadingAgainWritesNoDuplicates) {
  const int64_t units = CountRows(*db_, "org_units");
  const int64_t closure = CountRows(*db_, "org_unit_closure");
  EXPECT_EQ(units, 1 + 11 + 194 + 65);
  ASSERT_THAT(store_->LoadAdminUnits(catalog_, "20", "another source", Deadline()), IsOk());
  EXPECT_EQ(CountRows(*db_, "org_units"), units);
  EXPECT_EQ(CountRows(*db_, "org_unit_closure"), closure);
}

TEST_F(RegistryStoreTest, KeepsVietnameseTextByteExact) {
  const std::string name = "Hợp tác xã Nông nghiệp Công Sơn";  // NFC
  Create(Fields("4900123456", name, "06247", absl::CivilDay(2020, 3, 15)));
  auto read = store_->GetCooperative("4900123456", Deadline());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->fields.display_name, name);
  EXPECT_EQ(read->fields.address, "Lạng Sơn");
  EXPECT_EQ(read->status, CooperativeStatus::kActive);
  EXPECT_EQ(read->revision, 1);
}

TEST_F(RegistryStoreTest, ARetryWithTheSameRequestIdReturnsTheOriginal) {
  const CooperativeFields fields =
      Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15));
  auto first = store_->CreateCooperative(fields, Mutation("req-1", "fp-1"), Deadline());
  auto retry = store_->CreateCooperative(fields, Mutation("req-1", "fp-1"), Deadline());
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(retry->create_time, first->create_time);
  EXPECT_EQ(CountRows(*db_, "cooperatives"), 1);
  EXPECT_EQ(CountRows(*db_, "cooperative_events"), 1);

  CooperativeFields other = fields;
  other.registration_number = "4900123457";
  EXPECT_THAT(store_->CreateCooperative(other, Mutation("req-1", "fp-2"), Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_EQ(CountRows(*db_, "cooperatives"), 1);
}

// The audit event a handler would hand the store (issue 7).
MutationContext AuditedMutation(const std::string& request_id, const std::string& fingerprint) {
  MutationContext mutation;
  mutation.actor = "officer.caoloc (unit_officer, orgUnits/183)";
  mutation.request_id = request_id;
  mutation.fingerprint = fingerprint;
  Caller caller;
  caller.subject = "officer.caoloc";
  caller.org_unit = "183";
  caller.role = Role::kUnitOfficer;
  mutation.audit = AuditEventFor(caller, "hoptac.registry.v1.RegistryService/X", "", request_id);
  return mutation;
}

std::vector<AuditEvent> AuditTrail(Database& db, const std::string& resource) {
  AuditQuery query;
  query.resource = resource;
  auto events = ReadAuditEvents(db, query, absl::Now() + absl::Seconds(30));
  EXPECT_THAT(events, IsOk());
  return events.ok() ? *events : std::vector<AuditEvent>{};
}

TEST_F(RegistryStoreTest, AMutationAppendsOneAuditEventNamingWhatItMadeAndARetryNone) {
  const CooperativeFields fields =
      Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15));
  ASSERT_THAT(store_->CreateCooperative(fields, AuditedMutation("req-1", "fp-1"), Deadline()),
              IsOk());
  ASSERT_THAT(store_->CreateCooperative(fields, AuditedMutation("req-1", "fp-1"), Deadline()),
              IsOk());
  const std::vector<AuditEvent> created = AuditTrail(*db_, "cooperatives/4900123456");
  ASSERT_THAT(created, SizeIs(1));
  EXPECT_EQ(created[0].subject, "officer.caoloc");
  EXPECT_EQ(created[0].role, "unit_officer");
  EXPECT_EQ(created[0].org_unit, "183");
  EXPECT_EQ(created[0].request_id, "req-1");
  EXPECT_EQ(created[0].outcome, "OK");

  Award award;
  award.award_date = absl::CivilDay(2023, 9, 2);
  award.title = "Bằng khen";
  award.awarding_body = "UBND tỉnh Lạng Sơn";
  auto recorded =
      store_->RecordAward("4900123456", award, AuditedMutation("req-2", "fp-2"), Deadline());
  ASSERT_THAT(recorded, IsOk());
  EXPECT_THAT(AuditTrail(*db_, absl::StrCat("cooperatives/4900123456/awards/", recorded->id)),
              SizeIs(1));
}

TEST_F(RegistryStoreTest, AChangeAuthorizedInAUnitTheCooperativeLeftIsAborted) {
  Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  MutationContext mutation = AuditedMutation("req-1", "fp-1");
  mutation.authorized_org_unit = "178";  // checked while it was elsewhere
  EXPECT_THAT(Change("4900123456", LifecycleAction::kSuspend, absl::CivilDay(2023, 6, 1)),
              IsOk());
  LifecycleChange change;
  change.action = LifecycleAction::kResume;
  change.effective_date = absl::CivilDay(2023, 7, 1);
  change.reason = "Hoạt động trở lại";
  EXPECT_THAT(store_->ChangeLifecycle("4900123456", change, kToday, mutation, Deadline()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("moved")));
  EXPECT_THAT(AuditTrail(*db_, "cooperatives/4900123456"), SizeIs(0));
}

TEST_F(RegistryStoreTest, ARegistrationNumberIsNeverTakenTwice) {
  Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  EXPECT_THAT(store_->CreateCooperative(
                  Fields("4900123456", "Hợp tác xã B", "06247", absl::CivilDay(2021, 1, 1)),
                  Mutation(), Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("registration_number")));
}

TEST_F(RegistryStoreTest, TheUnitMustBeValidOnTheEstablishmentDate) {
  // Xã Yên Trạch (06247) ended on 30 June 2025.
  EXPECT_THAT(store_->CreateCooperative(
                  Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2025, 8, 1)),
                  Mutation(), Deadline()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("org_unit")));
  EXPECT_THAT(store_->CreateCooperative(
                  Fields("4900123456", "Hợp tác xã A", "99999", absl::CivilDay(2020, 1, 1)),
                  Mutation(), Deadline()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("org_unit")));
  EXPECT_EQ(CountRows(*db_, "cooperatives"), 0);
  EXPECT_EQ(CountRows(*db_, "cooperative_events"), 0);
}

TEST_F(RegistryStoreTest, AStaleEtagIsAbortedAndChangesNothing) {
  const CooperativeRecord created =
      Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  CooperativeFields changed = created.fields;
  changed.member_count = 20;
  auto updated = store_->UpdateCooperative("4900123456", changed, {"member_count"},
                                           created.revision, "Đại hội thành viên", kToday,
                                           Mutation(), Deadline());
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->revision, created.revision + 1);
  changed.member_count = 99;
  EXPECT_THAT(store_->UpdateCooperative("4900123456", changed, {"member_count"}, created.revision,
                                        "x", kToday, Mutation(), Deadline()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  auto read = store_->GetCooperative("4900123456", Deadline());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->fields.member_count, 20);
}

TEST_F(RegistryStoreTest, ConcurrentUpdatesWithOneEtagLetExactlyOneWin) {
  const CooperativeRecord created =
      Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&, i] {
      CooperativeFields f = created.fields;
      f.member_count = 100 + i;
      auto r = store_->UpdateCooperative("4900123456", f, {"member_count"}, created.revision,
                                         "x", kToday, Mutation(), Deadline());
      if (r.ok()) ++ok;
      if (r.status().code() == absl::StatusCode::kAborted) ++aborted;
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), 3);
}

TEST_F(RegistryStoreTest, AForbiddenTransitionNamesBothStatesAndWritesNothing) {
  Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  const int64_t events = CountRows(*db_, "cooperative_events");
  EXPECT_THAT(Change("4900123456", LifecycleAction::kResume, absl::CivilDay(2023, 1, 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("ACTIVE"), HasSubstr("SUSPENDED"))));
  ASSERT_THAT(Change("4900123456", LifecycleAction::kStartDissolution, absl::CivilDay(2023, 5, 10)),
              IsOk());
  ASSERT_THAT(
      Change("4900123456", LifecycleAction::kCompleteDissolution, absl::CivilDay(2023, 11, 20)),
      IsOk());
  EXPECT_THAT(Change("4900123456", LifecycleAction::kSuspend, absl::CivilDay(2024, 1, 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DISSOLVED")));
  EXPECT_EQ(CountRows(*db_, "cooperative_events"), events + 2);
}

TEST_F(RegistryStoreTest, AnEffectiveDateBeforeTheCurrentStatusIsRefused) {
  Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  ASSERT_THAT(Change("4900123456", LifecycleAction::kSuspend, absl::CivilDay(2023, 6, 1)), IsOk());
  EXPECT_THAT(Change("4900123456", LifecycleAction::kResume, absl::CivilDay(2023, 5, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("effective_date"), HasSubstr("2023-06-01"))));
}

TEST_F(RegistryStoreTest, HistoryListsEveryChangeOldestFirst) {
  const CooperativeRecord created =
      Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  CooperativeFields f = created.fields;
  f.charter_capital_dong = 900'000'000;
  ASSERT_THAT(store_->UpdateCooperative("4900123456", f, {"charter_capital_dong"},
                                        created.revision, "Tăng vốn", kToday,
                                        Mutation("upd-1", "x"), Deadline()),
              IsOk());
  ASSERT_THAT(Change("4900123456", LifecycleAction::kSuspend, absl::CivilDay(2023, 6, 1)), IsOk());
  auto page = store_->ListEvents("4900123456", 2, {}, Deadline());
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->events, SizeIs(2));
  EXPECT_EQ(page->events[0].type, CooperativeEventType::kCreated);
  EXPECT_EQ(page->events[0].effective_date, absl::CivilDay(2020, 3, 15));
  EXPECT_EQ(page->events[1].type, CooperativeEventType::kUpdated);
  EXPECT_EQ(page->events[1].request_id, "upd-1");
  EXPECT_EQ(page->events[1].reason, "Tăng vốn");
  EXPECT_THAT(page->events[1].changes,
              ElementsAre(AllOf(Field(&FieldChange::field, "charter_capital_dong"),
                                Field(&FieldChange::old_value, "100000000"),
                                Field(&FieldChange::new_value, "900000000"))));
  ASSERT_FALSE(page->next_after.empty());
  auto rest = store_->ListEvents("4900123456", 2, page->next_after, Deadline());
  ASSERT_THAT(rest, IsOk());
  ASSERT_THAT(rest->events, SizeIs(1));
  EXPECT_EQ(rest->events[0].type, CooperativeEventType::kSuspended);
  EXPECT_TRUE(rest->next_after.empty());
}

TEST_F(RegistryStoreTest, ListsInVietnameseOrderAcrossPages) {
  const char* names[] = {"Hợp tác xã Đồng Đăng", "Hợp tác xã Dương Long", "Hợp tác xã Ánh Dương",
                         "Hợp tác xã An Bình",   "Hợp tác xã Ba Sơn",     "Hợp tác xã Bắc Sơn"};
  int n = 0;
  for (const char* name : names) {
    Create(Fields(absl::StrCat("490000000", n++), name, "06247", absl::CivilDay(2020, 1, 1)));
  }
  CooperativeFilter filter;
  filter.as_of = kToday;
  std::vector<std::string> order;
  std::vector<std::string> after;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store_->ListCooperatives(filter, 4, after, Deadline());
    ASSERT_THAT(page, IsOk());
    for (const auto& c : page->cooperatives) order.push_back(c.fields.display_name);
    if (page->next_after.empty()) break;
    after = page->next_after;
  }
  EXPECT_THAT(order, ElementsAre("Hợp tác xã An Bình", "Hợp tác xã Ánh Dương", "Hợp tác xã Ba Sơn",
                                 "Hợp tác xã Bắc Sơn", "Hợp tác xã Dương Long",
                                 "Hợp tác xã Đồng Đăng"));
}

TEST_F(RegistryStoreTest, FiltersBySubtreeStatusKindAndNamePrefix) {
  Create(Fields("4900000001", "Hợp tác xã Cao Lộc Một", "06247", absl::CivilDay(2020, 1, 1)));
  Create(Fields("4900000002", "Tổ hợp tác Cao Lộc", "06226", absl::CivilDay(2020, 1, 1),
                Sector::kTradeServices, CooperativeKind::kCooperativeGroup));
  Create(Fields("4900000003", "Hợp tác xã Thành phố", "05971", absl::CivilDay(2020, 1, 1)));
  ASSERT_THAT(Change("4900000001", LifecycleAction::kSuspend, absl::CivilDay(2023, 1, 1)), IsOk());

  auto numbers = [&](CooperativeFilter filter) {
    filter.as_of = absl::CivilDay(2024, 1, 1);
    std::vector<std::string> out;
    auto page = store_->ListCooperatives(filter, 50, {}, Deadline());
    EXPECT_THAT(page, IsOk());
    if (page.ok()) {
      for (const auto& c : page->cooperatives) out.push_back(c.fields.registration_number);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  CooperativeFilter in_cao_loc;
  in_cao_loc.org_unit_code = "183";
  EXPECT_THAT(numbers(in_cao_loc), ElementsAre("4900000001", "4900000002"));
  CooperativeFilter in_city;
  in_city.org_unit_code = "178";
  EXPECT_THAT(numbers(in_city), ElementsAre("4900000003"));
  CooperativeFilter active;
  active.statuses = {CooperativeStatus::kActive};
  EXPECT_THAT(numbers(active), ElementsAre("4900000002", "4900000003"));
  CooperativeFilter groups;
  groups.kind = CooperativeKind::kCooperativeGroup;
  EXPECT_THAT(numbers(groups), ElementsAre("4900000002"));
  // The prefix compares by Vietnamese rules, case-insensitively: "hợp" finds "Hợp".
  CooperativeFilter prefix;
  prefix.name_prefix = "hợp tác xã";
  EXPECT_THAT(numbers(prefix), ElementsAre("4900000001", "4900000003"));
}

TEST_F(RegistryStoreTest, DescribesACooperativeAsItWasOnADay) {
  Create(Fields("4900123456", "Hợp tác xã A", "06247", absl::CivilDay(2020, 3, 15)));
  ASSERT_THAT(Change("4900123456", LifecycleAction::kSuspend, absl::CivilDay(2023, 6, 1)), IsOk());
  auto before = store_->GetCooperativeOn("4900123456", absl::CivilDay(2023, 5, 31), Deadline());
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ(before->status, CooperativeStatus::kActive);
  EXPECT_EQ(before->status_since, absl::CivilDay(2020, 3, 15));
  EXPECT_EQ(before->fields.org_unit_code, "06247");
  auto after = store_->GetCooperativeOn("4900123456", absl::CivilDay(2023, 6, 1), Deadline());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->status, CooperativeStatus::kSuspended);
  EXPECT_THAT(store_->GetCooperativeOn("4900123456", absl::CivilDay(2020, 3, 14), Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("2020-03-14")));
  EXPECT_THAT(store_->GetCooperativeOn("4999999999", absl::CivilDay(2023, 1, 1), Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("4999999999")));
}

TEST_F(RegistryStoreTest, ResolvesTheCodesThatCountUnderAUnit) {
  auto cao_loc = store_->ResolveSubtreeCodes("183", absl::CivilDay(2023, 12, 31), Deadline());
  ASSERT_THAT(cao_loc, IsOk());
  EXPECT_THAT(*cao_loc, SizeIs(1 + 22));
  EXPECT_THAT(*cao_loc, ::testing::Contains("06247"));
  EXPECT_THAT(*cao_loc, ::testing::Not(::testing::Contains("05977")));  // the city's
  auto dong_kinh = store_->ResolveSubtreeCodes("05977", absl::CivilDay(2026, 1, 1), Deadline());
  ASSERT_THAT(dong_kinh, IsOk());
  EXPECT_THAT(*dong_kinh, ElementsAre("05977", "05980", "05992", "06247"));
  EXPECT_THAT(store_->ResolveSubtreeCodes("183", absl::CivilDay(2026, 1, 1), Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("orgUnits/183")));
}

}  // namespace
}  // namespace hoptac::registry
