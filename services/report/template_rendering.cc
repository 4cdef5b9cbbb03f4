#include "services/report/template_rendering.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "kainjow/mustache.hpp"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/report/bounded_text.h"
#include "services/report/draft_rules.h"
#include "services/report/template_tags.h"
#include "services/report/value_format.h"

namespace hoptac::report {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using kainjow::mustache::mustache;

bool IsTemplateId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

absl::StatusOr<data> FormatValue(const v1::PlaceholderBinding& binding,
                                 const v1::Statistic& s) {
  switch (binding.format()) {
    case v1::VALUE_FORMAT_COUNT:
      return data(FormatCount(s.value()));
    case v1::VALUE_FORMAT_COUNT2:
      return data(FormatCount2(s.value()));
    case v1::VALUE_FORMAT_QUALIFIED_COUNT: {
      const Qualifier q = s.qualifier() == v1::COUNT_QUALIFIER_ABOUT  ? Qualifier::kAbout
                          : s.qualifier() == v1::COUNT_QUALIFIER_OVER ? Qualifier::kOver
                                                                      : Qualifier::kExact;
      return data(FormatQualifiedCount(s.value(), q, binding.over_word()));
    }
    case v1::VALUE_FORMAT_MONEY_MILLION:
      return data(FormatMoneyMillion(s.value()));
    case v1::VALUE_FORMAT_NONZERO:
      return data(s.value() != 0);
    case v1::VALUE_FORMAT_ITEMS: {
      list items;
      for (int i = 0; i < s.items_size(); ++i) {
        data item;
        item.set("item", s.items(i));
        item.set("last", i + 1 == s.items_size());
        items.push_back(item);
      }
      return data(items);
    }
    default:
      break;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("template binding ", binding.placeholder(), ": no format"));
}

data ReferenceData(const v1::ReferenceDocument& ref) {
  data out;
  std::string citation = absl::StrCat(ref.document_type(), " số ", ref.number());
  const auto& d = ref.issue_date();
  if (d.year() != 0) {
    absl::StrAppend(&citation, " ",
                    FormatDate(absl::CivilDay(d.year(), d.month(), d.day())));
  }
  out.set("citation", citation);
  out.set("issuer", ref.issuer());
  out.set("subject", ref.subject());
  return out;
}

}  // namespace

absl::Status ValidateTemplate(const v1::ReportTemplate& t) {
  if (!IsTemplateId(t.template_id())) {
    return absl::InvalidArgumentError(
        "template.template_id: 1 to 64 characters among a-z, 0-9 and '-'");
  }
  if (t.title().empty()) return absl::InvalidArgumentError("template.title: required");
  if (t.document_kind().empty()) {
    return absl::InvalidArgumentError("template.document_kind: required (e.g. \"BC\")");
  }
  mustache parsed(t.body());
  if (!parsed.is_valid()) {
    return absl::InvalidArgumentError(
        absl::StrCat("template.body: not valid Mustache: ", parsed.error_message()));
  }
  std::set<std::string> names;
  for (int i = 0; i < t.bindings_size(); ++i) {
    const v1::PlaceholderBinding& b = t.bindings(i);
    const std::string field = absl::StrCat("template.bindings[", i, "]");
    if (!IsKey(b.placeholder())) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".placeholder: 1 to 64 characters among a-z, 0-9 and '_'"));
    }
    if (b.placeholder() == "narrative" || b.placeholder() == "ref" ||
        !names.insert(b.placeholder()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".placeholder: \"", b.placeholder(), "\" is reserved or bound twice"));
    }
    if (!IsKnownStatistic(b.statistic())) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".statistic: no statistic named \"", b.statistic(), "\""));
    }
    if (b.format() == v1::VALUE_FORMAT_UNSPECIFIED || !v1::ValueFormat_IsValid(b.format())) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".format: required"));
    }
  }
  std::set<std::string> slots;
  for (int i = 0; i < t.narrative_slots_size(); ++i) {
    if (!IsKey(t.narrative_slots(i).key()) || !slots.insert(t.narrative_slots(i).key()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "template.narrative_slots[", i, "].key: a-z, 0-9 and '_', each key once"));
    }
  }
  return CheckTemplateTags(t);
}

absl::Status NormalizeTemplate(v1::ReportTemplate& t) {
  HOPTAC_RETURN_IF_ERROR(NormalizeParagraphs(*t.mutable_body(), "template.body", false,
                                             kMaxTemplateBodyBytes));
  HOPTAC_RETURN_IF_ERROR(NormalizeParagraphs(*t.mutable_subject(), "template.subject", false));
  HOPTAC_RETURN_IF_ERROR(NormalizeLine(*t.mutable_title(), "template.title", false));
  HOPTAC_RETURN_IF_ERROR(NormalizeLine(*t.mutable_document_kind(), "template.document_kind",
                                       false, kMaxCodeCharacters));
  HOPTAC_RETURN_IF_ERROR(CheckListSize(t.bindings_size(), "template.bindings"));
  HOPTAC_RETURN_IF_ERROR(CheckListSize(t.narrative_slots_size(), "template.narrative_slots"));
  for (int i = 0; i < t.bindings_size(); ++i) {
    HOPTAC_RETURN_IF_ERROR(NormalizeLine(*t.mutable_bindings(i)->mutable_over_word(),
                                         absl::StrCat("template.bindings[", i, "].over_word"),
                                         false, kMaxCodeCharacters));
  }
  for (int i = 0; i < t.narrative_slots_size(); ++i) {
    HOPTAC_RETURN_IF_ERROR(NormalizeLine(*t.mutable_narrative_slots(i)->mutable_title(),
                                         absl::StrCat("template.narrative_slots[", i, "].title"),
                                         false));
  }
  return ValidateTemplate(t);
}

absl::StatusOr<std::vector<v1::Statistic>> BoundStatistics(const v1::ReportTemplate& t,
                                                           const StatisticMap& statistics) {
  std::vector<v1::Statistic> out;
  std::set<std::string> seen;
  for (const v1::PlaceholderBinding& b : t.bindings()) {
    auto it = statistics.find(b.statistic());
    if (it == statistics.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("statistic ", b.statistic(), " was not assembled"));
    }
    if (seen.insert(b.statistic()).second) out.push_back(it->second);
  }
  return out;
}

absl::StatusOr<std::string> RenderBody(const v1::ReportTemplate& t, const v1::ReportDraft& draft,
                                       const StatisticMap& statistics) {
  data view;
  view.set("issuing_body", draft.issuing_body());
  view.set("area_name", draft.area_name());
  view.set("place_name", draft.place_name());
  // The reporting year (năm báo cáo) and the plan year after it.
  const int year = draft.period().end_date().year();
  view.set("year", absl::StrCat(year));
  view.set("next_year", absl::StrCat(year + 1));
  for (const v1::PlaceholderBinding& b : t.bindings()) {
    auto it = statistics.find(b.statistic());
    if (it == statistics.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("statistic ", b.statistic(), " was not assembled"));
    }
    auto value = FormatValue(b, it->second);
    if (!value.ok()) return value.status();
    view.set(b.placeholder(), *value);
  }
  data narrative;
  for (const v1::NarrativeSlot& slot : t.narrative_slots()) {
    std::string text;
    for (const v1::NarrativeText& n : draft.narratives()) {
      if (n.slot() == slot.key()) text = n.text();
    }
    if (slot.required() && text.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "draft.narratives: the slot \"", slot.key(), "\" (", slot.title(), ") is empty"));
    }
    narrative.set(slot.key(), text);
  }
  view.set("narrative", narrative);
  data refs;
  std::set<std::string> cited = CitedReferenceKeys(t.body());
  for (const v1::ReferenceDocument& ref : draft.reference_documents()) {
    refs.set(ref.key(), ReferenceData(ref));
    cited.erase(ref.key());
  }
  if (!cited.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "draft.reference_documents: the template cites \"", *cited.begin(),
        "\", which the draft does not list"));
  }
  view.set("ref", refs);
  mustache body(t.body());
  if (!body.is_valid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("template ", t.name(), ": ", body.error_message()));
  }
  // The output is Markdown, not HTML: no entity escaping here. Each writer
  // (DOCX XML) escapes for its own format.
  body.set_custom_escape([](const std::string& s) { return s; });
  std::string out = body.render(view);
  if (!body.is_valid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("template ", t.name(), ": ", body.error_message()));
  }
  return out;
}

}  // namespace hoptac::report
