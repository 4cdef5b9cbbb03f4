#include "services/report/draft_rules.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"
#include "services/report/template_files.h"

namespace hoptac::report {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kFixtureDraft[] = HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023/report";

TEST(NamesTest, ParseTheirOwnShapesOnly) {
  auto t = ParseTemplateName("templates/bao-cao/versions/3", "name");
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(t->template_id, "bao-cao");
  EXPECT_EQ(t->version, 3);
  EXPECT_EQ(ParseTemplateName("templates/bao-cao", "name")->version, 0);
  EXPECT_THAT(ParseTemplateName("templates/x/versions/0", "name"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  EXPECT_EQ(*ParseDraftName("reportDrafts/12", "name"), 12);
  EXPECT_THAT(ParseDraftName("reportDrafts/x", "name"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  auto s = ParseSnapshotName("reportDrafts/4/snapshots/9", "snapshot");
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->draft_id, 4);
  EXPECT_EQ(s->snapshot_id, 9);
  EXPECT_EQ(*ParseOrgUnit("orgUnits/183", "org_unit"), "183");
  EXPECT_THAT(ParseOrgUnit("orgUnits/18a", "draft.org_unit"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.org_unit")));
}

TEST(NormalizeDraftTest, TheFixtureDraftIsValid) {
  auto draft = LoadDraftDirectory(kFixtureDraft);
  ASSERT_THAT(draft, IsOk());
  EXPECT_THAT(NormalizeDraft(*draft), IsOk());
  EXPECT_EQ(draft->narratives_size(), 4);
  EXPECT_EQ(draft->signature().signer_name(), "Hoàng Mạnh Cường");
}

TEST(NormalizeDraftTest, NamesTheBadField) {
  auto loaded = LoadDraftDirectory(kFixtureDraft);
  ASSERT_THAT(loaded, IsOk());
  v1::ReportDraft no_signer = *loaded;
  no_signer.mutable_signature()->set_signer_name("  ");
  EXPECT_THAT(NormalizeDraft(no_signer), StatusIs(absl::StatusCode::kInvalidArgument,
                                                  HasSubstr("draft.signature.signer_name")));
  v1::ReportDraft latest = *loaded;
  latest.set_template_("templates/bao-cao-ke-hoach-115");
  EXPECT_THAT(NormalizeDraft(latest),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.template")));
  v1::ReportDraft backwards = *loaded;
  backwards.mutable_period()->mutable_end_date()->set_year(2022);
  EXPECT_THAT(NormalizeDraft(backwards),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.period")));
  v1::ReportDraft twice = *loaded;
  twice.mutable_reference_documents(1)->set_key("request_letter");
  EXPECT_THAT(NormalizeDraft(twice), StatusIs(absl::StatusCode::kInvalidArgument,
                                              HasSubstr("draft.reference_documents[1].key")));
}

TEST(NormalizeDraftTest, TextBecomesNfc) {
  auto draft = LoadDraftDirectory(kFixtureDraft);
  ASSERT_THAT(draft, IsOk());
  draft->set_place_name("Cao Lo\xCC\x82\xCC\xA3" "c");  // ộ decomposed: o + circumflex + dot below
  ASSERT_THAT(NormalizeDraft(*draft), IsOk());
  EXPECT_EQ(draft->place_name(), "Cao Lộc");
}

TEST(NormalizeDraftTest, OversizedTextIsRefusedNamingTheField) {
  auto draft = LoadDraftDirectory(kFixtureDraft);
  ASSERT_THAT(draft, IsOk());
  v1::ReportDraft long_name = *draft;
  long_name.set_issuing_body(std::string(501, 'a'));
  EXPECT_THAT(NormalizeDraft(long_name),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.issuing_body")));
  v1::ReportDraft at_limit = *draft;
  std::string vietnamese;
  for (int i = 0; i < 500; ++i) vietnamese += "ộ";  // 500 characters, 1500 bytes
  at_limit.set_area_name(vietnamese);
  EXPECT_THAT(NormalizeDraft(at_limit), IsOk());
  v1::ReportDraft long_text = *draft;
  ASSERT_GT(long_text.narratives_size(), 0);
  long_text.mutable_narratives(0)->set_text(std::string(20'001, 'a'));
  EXPECT_THAT(NormalizeDraft(long_text),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.narratives[0].text")));
  v1::ReportDraft many = *draft;
  for (int i = 0; i < 201; ++i) many.add_recipients("Lưu: VT.");
  EXPECT_THAT(NormalizeDraft(many),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("draft.recipients")));
  v1::ReportDraft control = *draft;
  control.mutable_signature()->set_signer_name("Hoàng\x1bMạnh");
  EXPECT_THAT(NormalizeDraft(control), StatusIs(absl::StatusCode::kInvalidArgument,
                                                HasSubstr("draft.signature.signer_name")));
}

}  // namespace
}  // namespace hoptac::report
