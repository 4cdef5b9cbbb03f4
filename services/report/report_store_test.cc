// The report store on a real MariaDB: templates are versioned, drafts are
// idempotent on request_id and guarded by etags, snapshots are frozen.
#include "services/report/report_store.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/audit_log.h"
#include "services/common/migrations.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "services/report/report_migrations.h"

namespace hoptac::report {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::Not;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

// A mutation by a Cao Lộc officer; the store names the resource in its event.
MutationContext Mutation(const std::string& request_id, const std::string& fingerprint) {
  Caller caller;
  caller.subject = "officer.caoloc";
  caller.org_unit = "183";
  caller.role = Role::kUnitOfficer;
  return {caller.Actor(), request_id, fingerprint,
          AuditEventFor(caller, "hoptac.report.v1.ReportService/Test", "", request_id)};
}

v1::ReportTemplate Template(const std::string& body) {
  v1::ReportTemplate t;
  t.set_template_id("bao-cao-thu");
  t.set_document_kind("BC");
  t.set_title("BÁO CÁO");
  t.set_body(body);
  return t;
}

v1::ReportDraft Draft() {
  v1::ReportDraft d;
  d.set_org_unit("orgUnits/183");
  d.set_template_("templates/bao-cao-thu/versions/1");
  d.set_issuing_body("UBND HUYỆN CAO LỘC");
  d.mutable_signature()->set_signer_name("Hoàng Mạnh Cường");
  return d;
}

class ReportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = hoptac::testing::TestDatabase::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(2);
    ASSERT_THAT(ApplyMigrations(*db_, ReportMigrations()), IsOk());
    store_ = std::make_unique<ReportStore>(*db_);
  }

  // The resources of the audit trail, oldest first.
  std::vector<std::string> AuditedResources() {
    std::vector<std::string> out;
    auto events = ReadAuditEvents(*db_, AuditQuery(), Deadline());
    EXPECT_THAT(events, IsOk());
    if (!events.ok()) return out;
    for (const AuditEvent& e : *events) out.push_back(e.resource);
    return out;
  }

  std::unique_ptr<hoptac::testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ReportStore> store_;
};

TEST_F(ReportStoreTest, TemplateVersionsCountUpAndTheLatestIsTheDefault) {
  auto v1 = store_->CreateTemplateVersion(Template("một"), Mutation("t-1", "f1"), Deadline());
  ASSERT_THAT(v1, IsOk());
  EXPECT_EQ(v1->name(), "templates/bao-cao-thu/versions/1");
  auto v2 = store_->CreateTemplateVersion(Template("hai"), Mutation("t-2", "f2"), Deadline());
  ASSERT_THAT(v2, IsOk());
  EXPECT_EQ(v2->version(), 2);
  auto retry = store_->CreateTemplateVersion(Template("hai"), Mutation("t-2", "f2"), Deadline());
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry->version(), 2);
  auto latest = store_->GetTemplate("bao-cao-thu", 0, Deadline());
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(latest->body(), "hai");
  EXPECT_EQ(store_->GetTemplate("bao-cao-thu", 1, Deadline())->body(), "một");
  EXPECT_THAT(store_->GetTemplate("khac", 0, Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("templates/khac")));
  auto page = store_->ListTemplates("", 10, Deadline());
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->templates.size(), 1u);
  EXPECT_EQ(page->templates[0].version(), 2);
}

TEST_F(ReportStoreTest, EnsureTemplateVersionStoresOnce) {
  v1::ReportTemplate t = Template("x");
  t.set_version(1);
  EXPECT_EQ(*store_->EnsureTemplateVersion(t, Deadline()), true);
  t.set_body("changed");
  EXPECT_EQ(*store_->EnsureTemplateVersion(t, Deadline()), false);
  EXPECT_EQ(store_->GetTemplate("bao-cao-thu", 1, Deadline())->body(), "x");
}

TEST_F(ReportStoreTest, CreateDraftAppliesARequestIdOnce) {
  auto first = store_->CreateDraft(Draft(), Mutation("d-1", "f"), Deadline());
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->etag(), "1");
  auto retry = store_->CreateDraft(Draft(), Mutation("d-1", "f"), Deadline());
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry->name(), first->name());
  EXPECT_THAT(store_->CreateDraft(Draft(), Mutation("d-1", "other"), Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  auto page = store_->ListDrafts({"183"}, std::nullopt, 10, Deadline());
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->drafts.size(), 1u);
  EXPECT_TRUE(store_->ListDrafts({"184"}, std::nullopt, 10, Deadline())->drafts.empty());
}

TEST_F(ReportStoreTest, ListDraftsPagesNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(store_->CreateDraft(Draft(), Mutation("", ""), Deadline()), IsOk());
  }
  auto first = store_->ListDrafts({}, std::nullopt, 2, Deadline());
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->drafts.size(), 2u);
  EXPECT_EQ(first->drafts[0].name(), "reportDrafts/3");
  ASSERT_TRUE(first->next_before_id.has_value());
  auto second = store_->ListDrafts({}, first->next_before_id, 2, Deadline());
  ASSERT_EQ(second->drafts.size(), 1u);
  EXPECT_EQ(second->drafts[0].name(), "reportDrafts/1");
  EXPECT_FALSE(second->next_before_id.has_value());
}

TEST_F(ReportStoreTest, AStaleEtagIsAborted) {
  auto draft = store_->CreateDraft(Draft(), Mutation("", ""), Deadline());
  ASSERT_THAT(draft, IsOk());
  auto set_place = [](v1::ReportDraft& d) {
    d.set_place_name("Cao Lộc");
    return absl::OkStatus();
  };
  auto updated = store_->UpdateDraft(1, "1", set_place, Mutation("", ""), Deadline());
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->etag(), "2");
  EXPECT_EQ(updated->place_name(), "Cao Lộc");
  EXPECT_THAT(store_->UpdateDraft(1, "1", set_place, Mutation("", ""), Deadline()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  auto refuse = [](v1::ReportDraft&) { return absl::InvalidArgumentError("draft.x: bad"); };
  EXPECT_THAT(store_->UpdateDraft(1, "2", refuse, Mutation("", ""), Deadline()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.x")));
  EXPECT_EQ(store_->GetDraft(1, Deadline())->etag(), "2");
}

TEST_F(ReportStoreTest, ASnapshotIsFrozenAndARetryReturnsIt) {
  ASSERT_THAT(store_->CreateDraft(Draft(), Mutation("", ""), Deadline()), IsOk());
  v1::ReportSnapshot snapshot;
  snapshot.mutable_report()->set_markdown("205 tin");
  snapshot.mutable_report()->set_docx(std::string("PK\x03\x04\0binary", 12));
  snapshot.set_content_sha256(std::string(64, 'a'));
  auto stored = store_->CreateSnapshot(1, 1, snapshot, Mutation("s-1", "f"), Deadline());
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->name(), "reportDrafts/1/snapshots/1");
  auto retry = store_->CreateSnapshot(1, 1, snapshot, Mutation("s-1", "f"), Deadline());
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry->name(), stored->name());
  auto prior = store_->PriorSubmission("s-1", "f", Deadline());
  ASSERT_THAT(prior, IsOk());
  ASSERT_TRUE(prior->has_value());
  EXPECT_EQ((*prior)->name(), stored->name());
  EXPECT_FALSE(store_->PriorSubmission("s-2", "f", Deadline())->has_value());
  EXPECT_THAT(store_->PriorSubmission("s-1", "other", Deadline()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  auto read = store_->GetSnapshot(1, 1, Deadline());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->report().docx(), snapshot.report().docx());
  EXPECT_EQ(read->report().markdown(), "205 tin");
  EXPECT_THAT(store_->GetSnapshot(2, 1, Deadline()), StatusIs(absl::StatusCode::kNotFound, HasSubstr("reportDrafts/2")));
}

TEST_F(ReportStoreTest, ASnapshotOfAnOlderRevisionIsAborted) {
  ASSERT_THAT(store_->CreateDraft(Draft(), Mutation("", ""), Deadline()), IsOk());
  auto touch = [](v1::ReportDraft& d) {
    d.set_area_name("huyện Cao Lộc");
    return absl::OkStatus();
  };
  ASSERT_THAT(store_->UpdateDraft(1, "", touch, Mutation("", ""), Deadline()), IsOk());
  EXPECT_THAT(store_->CreateSnapshot(1, 1, v1::ReportSnapshot(), Mutation("", ""), Deadline()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("reportDrafts/1")));
}

TEST_F(ReportStoreTest, EveryMutationAppendsOneAuditEventAndARetryNone) {
  ASSERT_THAT(store_->CreateTemplateVersion(Template("một"), Mutation("a-1", "f"), Deadline()),
              IsOk());
  ASSERT_THAT(store_->CreateDraft(Draft(), Mutation("a-2", "f"), Deadline()), IsOk());
  ASSERT_THAT(store_->CreateDraft(Draft(), Mutation("a-2", "f"), Deadline()), IsOk());  // retry
  auto touch = [](v1::ReportDraft& d) {
    d.set_area_name("huyện Cao Lộc");
    return absl::OkStatus();
  };
  ASSERT_THAT(store_->UpdateDraft(1, "", touch, Mutation("", ""), Deadline()), IsOk());
  v1::ReportSnapshot snapshot;
  snapshot.set_content_sha256(std::string(64, 'a'));
  ASSERT_THAT(store_->CreateSnapshot(1, 2, snapshot, Mutation("a-3", "f"), Deadline()), IsOk());
  ASSERT_THAT(store_->CreateSnapshot(1, 2, snapshot, Mutation("a-3", "f"), Deadline()), IsOk());
  // A refused change writes neither the change nor its event.
  auto refuse = [](v1::ReportDraft&) { return absl::InvalidArgumentError("draft.x: bad"); };
  EXPECT_THAT(store_->UpdateDraft(1, "", refuse, Mutation("", ""), Deadline()), Not(IsOk()));
  EXPECT_THAT(AuditedResources(),
              ElementsAre("templates/bao-cao-thu/versions/1", "reportDrafts/1", "reportDrafts/1",
                          "reportDrafts/1/snapshots/1"));
  auto events = ReadAuditEvents(*db_, AuditQuery(), Deadline());
  ASSERT_THAT(events, IsOk());
  EXPECT_EQ((*events)[1].subject, "officer.caoloc");
  EXPECT_EQ((*events)[1].role, "unit_officer");
  EXPECT_EQ((*events)[1].org_unit, "183");
  EXPECT_EQ((*events)[1].request_id, "a-2");
  EXPECT_EQ((*events)[1].outcome, "OK");
}

TEST_F(ReportStoreTest, ListDraftsShowsOnlyTheGivenUnits) {
  v1::ReportDraft commune = Draft();
  commune.set_org_unit("orgUnits/06247");
  v1::ReportDraft city = Draft();
  city.set_org_unit("orgUnits/178");
  ASSERT_THAT(store_->CreateDraft(Draft(), Mutation("", ""), Deadline()), IsOk());
  ASSERT_THAT(store_->CreateDraft(commune, Mutation("", ""), Deadline()), IsOk());
  ASSERT_THAT(store_->CreateDraft(city, Mutation("", ""), Deadline()), IsOk());
  auto page = store_->ListDrafts({"183", "06247"}, std::nullopt, 10, Deadline());
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->drafts.size(), 2u);
  EXPECT_EQ(page->drafts[0].org_unit(), "orgUnits/06247");
  EXPECT_EQ(page->drafts[1].org_unit(), "orgUnits/183");
  EXPECT_EQ(store_->ListDrafts({}, std::nullopt, 10, Deadline())->drafts.size(), 3u);
}

}  // namespace
}  // namespace hoptac::report
