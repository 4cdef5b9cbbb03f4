#include "services/report/template_rendering.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"
#include "services/report/seed_answers_testing.h"
#include "services/report/template_tags.h"

namespace hoptac::report {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

v1::ReportTemplate SmallTemplate() {
  v1::ReportTemplate t;
  t.set_template_id("nho");
  t.set_document_kind("BC");
  t.set_title("BÁO CÁO");
  t.set_body(
      "# 1. Tuyên truyền\n\n{{radio_news}} tin, {{tv_articles}} bài; {{people}} người; "
      "{{money}}; {{#fairs}}{{item}}{{^last}}; {{/last}}{{/fairs}}.\n"
      "{{^land_any}}Chưa có hồ sơ.{{/land_any}} {{{narrative.situation}}} {{ref.plan.citation}}\n");
  auto bind = [&](const char* p, const char* s, v1::ValueFormat f) {
    auto* b = t.add_bindings();
    b->set_placeholder(p);
    b->set_statistic(s);
    b->set_format(f);
  };
  bind("radio_news", "outreach.radio.news_items.collective_economy", v1::VALUE_FORMAT_COUNT2);
  bind("tv_articles", "outreach.television.articles.collective_economy", v1::VALUE_FORMAT_COUNT2);
  bind("people", "outreach.training.participants.total", v1::VALUE_FORMAT_QUALIFIED_COUNT);
  bind("money", "subsidy.young_graduates.disbursed_dong", v1::VALUE_FORMAT_MONEY_MILLION);
  bind("fairs", "outreach.trade_promotion.events", v1::VALUE_FORMAT_ITEMS);
  bind("land_any", "subsidy.land_access.applications", v1::VALUE_FORMAT_NONZERO);
  auto* slot = t.add_narrative_slots();
  slot->set_key("situation");
  slot->set_required(true);
  return t;
}

v1::ReportDraft SmallDraft() {
  v1::ReportDraft d;
  auto* n = d.add_narratives();
  n->set_slot("situation");
  n->set_text("Huyện biên giới & cửa khẩu.");
  auto* ref = d.add_reference_documents();
  ref->set_key("plan");
  ref->set_document_type("Kế hoạch");
  ref->set_number("158-KH/HU");
  ref->mutable_issue_date()->set_year(2023);
  ref->mutable_issue_date()->set_month(3);
  ref->mutable_issue_date()->set_day(30);
  return d;
}

TEST(RenderBodyTest, WritesEveryFigureInItsFormat) {
  auto body = RenderBody(SmallTemplate(), SmallDraft(), testing::CaoLoc2023().Statistics());
  ASSERT_THAT(body, IsOk());
  EXPECT_THAT(*body, HasSubstr("205 tin, 08 bài; khoảng 120 người; 292,5 triệu đồng; "
                               "Hội chợ Xuân Xứ Lạng tại Thành phố Lạng Sơn."));
  EXPECT_THAT(*body, HasSubstr("Chưa có hồ sơ."));
  // Narratives pass unescaped: the output is Markdown, not HTML.
  EXPECT_THAT(*body, HasSubstr("Huyện biên giới & cửa khẩu."));
  EXPECT_THAT(*body, HasSubstr("Kế hoạch số 158-KH/HU ngày 30/3/2023"));
}

TEST(RenderBodyTest, AnEmptyRequiredNarrativeFailsNamingTheSlot) {
  v1::ReportDraft draft = SmallDraft();
  draft.clear_narratives();
  EXPECT_THAT(RenderBody(SmallTemplate(), draft, testing::CaoLoc2023().Statistics()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("situation")));
}

TEST(RenderBodyTest, AMissingStatisticIsNeverASilentZero) {
  StatisticMap statistics = testing::CaoLoc2023().Statistics();
  statistics.erase("subsidy.young_graduates.disbursed_dong");
  EXPECT_THAT(RenderBody(SmallTemplate(), SmallDraft(), statistics),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("subsidy.young_graduates.disbursed_dong")));
}

TEST(ValidateTemplateTest, AcceptsAGoodTemplate) {
  EXPECT_THAT(ValidateTemplate(SmallTemplate()), IsOk());
}

TEST(ValidateTemplateTest, RejectsAnUnknownStatisticNamingTheBinding) {
  v1::ReportTemplate t = SmallTemplate();
  t.mutable_bindings(1)->set_statistic("outreach.tv.articles");
  EXPECT_THAT(ValidateTemplate(t), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("template.bindings[1].statistic")));
}

TEST(NormalizeTemplateTest, RefusesOversizedOrControlTextNamingTheField) {
  v1::ReportTemplate big = SmallTemplate();
  big.set_body(std::string(200'001, 'a'));
  EXPECT_THAT(NormalizeTemplate(big),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("template.body")));
  v1::ReportTemplate kind = SmallTemplate();
  kind.set_document_kind("BC\x07");
  EXPECT_THAT(NormalizeTemplate(kind),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("template.document_kind")));
  v1::ReportTemplate title = SmallTemplate();
  title.set_title(std::string(501, 'A'));
  EXPECT_THAT(NormalizeTemplate(title),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("template.title")));
}

TEST(ValidateTemplateTest, RejectsBadMustache) {
  v1::ReportTemplate t = SmallTemplate();
  t.set_body("{{#open}} never closed");
  EXPECT_THAT(ValidateTemplate(t),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("template.body")));
}

TEST(ValidateTemplateTest, RejectsAPlaceholderBoundTwiceOrUnformatted) {
  v1::ReportTemplate twice = SmallTemplate();
  twice.mutable_bindings(1)->set_placeholder("radio_news");
  EXPECT_THAT(ValidateTemplate(twice), StatusIs(absl::StatusCode::kInvalidArgument,
                                                HasSubstr("template.bindings[1].placeholder")));
  v1::ReportTemplate unformatted = SmallTemplate();
  unformatted.mutable_bindings(0)->set_format(v1::VALUE_FORMAT_UNSPECIFIED);
  EXPECT_THAT(ValidateTemplate(unformatted),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("template.bindings[0].format")));
}

TEST(ValidateTemplateTest, RejectsATagThatNothingFills) {
  v1::ReportTemplate typo = SmallTemplate();
  typo.set_body(typo.body() + "{{radio_nws}} tin\n");
  EXPECT_THAT(ValidateTemplate(typo),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("{{radio_nws}}")));
  v1::ReportTemplate slot = SmallTemplate();
  slot.set_body(slot.body() + "{{{narrative.causes}}}\n");
  EXPECT_THAT(ValidateTemplate(slot),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("narrative.causes")));
  v1::ReportTemplate field = SmallTemplate();
  field.set_body(field.body() + "{{ref.plan.number}}\n");
  EXPECT_THAT(ValidateTemplate(field),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ref.plan.number")));
}

TEST(RenderBodyTest, ACitedDocumentTheDraftLacksFailsNamingIt) {
  v1::ReportDraft draft = SmallDraft();
  draft.clear_reference_documents();
  EXPECT_THAT(RenderBody(SmallTemplate(), draft, testing::CaoLoc2023().Statistics()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("\"plan\"")));
}

TEST(ScanTagsTest, ListsNamesAndSectionsButNotClosingTags) {
  const std::vector<TemplateTag> tags =
      ScanTags("a {{x}} {{{narrative.s}}} {{#l}}{{item}}{{/l}} {{^z}}!{{/z}} {{! note }}");
  ASSERT_EQ(tags.size(), 5u);
  EXPECT_EQ(tags[0].name, "x");
  EXPECT_EQ(tags[1].name, "narrative.s");
  EXPECT_TRUE(tags[2].section);
  EXPECT_EQ(tags[3].name, "item");
  EXPECT_EQ(tags[4].name, "z");
  EXPECT_THAT(CitedReferenceKeys("{{ref.a.citation}} {{ref.b.subject}} {{ref.a.issuer}}"),
              ::testing::ElementsAre("a", "b"));
}

}  // namespace
}  // namespace hoptac::report
