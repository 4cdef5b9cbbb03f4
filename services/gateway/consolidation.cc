#include "services/gateway/consolidation.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/resource_name.h"
#include "services/gateway/qualified_total.h"

namespace hoptac::gateway {
namespace {

void FillUnit(const ExpectedUnitInfo& unit, v1::ExpectedUnit* out) {
  out->set_org_unit(ResourceName("orgUnits", unit.code));
  out->set_code(unit.code);
  out->set_display_name(unit.display_name);
}

absl::flat_hash_map<std::string, const report::v1::Statistic*> ByName(
    const report::v1::ReportSnapshot& snapshot) {
  absl::flat_hash_map<std::string, const report::v1::Statistic*> out;
  for (const report::v1::Statistic& s : snapshot.report().statistics()) out[s.name()] = &s;
  return out;
}

absl::Status AddStatistic(const std::string& name, const ConsolidationInput& input,
                          const std::vector<absl::flat_hash_map<std::string,
                                                                const report::v1::Statistic*>>& maps,
                          v1::ConsolidatedStatistic* out) {
  out->set_name(name);
  QualifiedTotal total;
  for (size_t i = 0; i < input.included.size(); ++i) {
    const auto it = maps[i].find(name);
    if (it == maps[i].end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the snapshot of ", input.included[i].unit.display_name, " (orgUnits/",
                       input.included[i].unit.code, ") has no statistic ", name,
                       " of the round's template"));
    }
    const report::v1::Statistic& s = *it->second;
    if (out->label().empty()) out->set_label(s.label());
    if (out->unit() == report::v1::STATISTIC_UNIT_UNSPECIFIED) out->set_unit(s.unit());
    const Exactness exactness = ExactnessFromNumber(s.qualifier());
    total.Add(s.value(), exactness);
    v1::UnitValue* value = out->add_unit_values();
    FillUnit(input.included[i].unit, value->mutable_unit());
    value->set_value(s.value());
    value->set_qualifier(static_cast<report::v1::CountQualifier>(exactness));
    value->mutable_items()->CopyFrom(s.items());
  }
  if (out->label().empty()) out->set_label(name);
  out->set_total(total.value());
  out->set_total_qualifier(static_cast<report::v1::CountQualifier>(total.exactness()));
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> TemplateStatisticNames(const report::v1::ReportTemplate& t) {
  std::vector<std::string> out;
  absl::flat_hash_set<std::string> seen;
  for (const report::v1::PlaceholderBinding& b : t.bindings()) {
    if (seen.insert(b.statistic()).second) out.push_back(b.statistic());
  }
  return out;
}

absl::StatusOr<v1::ConsolidatedReport> Consolidate(const ConsolidationInput& input) {
  v1::ConsolidatedReport out;
  for (const IncludedSubmission& s : input.included) FillUnit(s.unit, out.add_included_units());
  for (const ExpectedUnitInfo& u : input.missing) FillUnit(u, out.add_missing_units());
  for (const ExpectedUnitInfo& u : input.unaccepted) FillUnit(u, out.add_unaccepted_units());

  std::vector<absl::flat_hash_map<std::string, const report::v1::Statistic*>> maps;
  for (const IncludedSubmission& s : input.included) maps.push_back(ByName(*s.snapshot));
  for (const std::string& name : TemplateStatisticNames(*input.report_template)) {
    if (absl::Status added = AddStatistic(name, input, maps, out.add_statistics()); !added.ok()) {
      return added;
    }
  }

  for (const report::v1::NarrativeSlot& slot : input.report_template->narrative_slots()) {
    v1::CompiledNarrative* narrative = out.add_narratives();
    narrative->set_slot(slot.key());
    narrative->set_title(slot.title());
    for (const IncludedSubmission& s : input.included) {
      for (const report::v1::NarrativeText& text : s.snapshot->draft().narratives()) {
        if (text.slot() != slot.key() || text.text().empty()) continue;
        v1::NarrativePassage* passage = narrative->add_passages();
        FillUnit(s.unit, passage->mutable_unit());
        passage->set_text(text.text());
      }
    }
  }
  return out;
}

}  // namespace hoptac::gateway
