#include "services/registry/registry_mapping.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/proto_date.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"

namespace hoptac::registry {
namespace {

// Domain enums use the API's numbers (1..max), so decoding is a range check.
absl::Status CheckEnum(int value, int max, absl::string_view field) {
  if (value == 0) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (value < 0 || value > max) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value ", value));
  }
  return absl::OkStatus();
}

void TimeToProto(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  out->set_seconds(micros / 1000000);
  out->set_nanos(static_cast<int32_t>((micros % 1000000) * 1000));
}

void BreakdownToProto(const Breakdown& b, pb::CooperativeBreakdown* out) {
  out->set_total(b.total);
  for (const KindSectorCount& cell : b.cells) {
    pb::CooperativeCount* c = out->add_cells();
    c->set_kind(static_cast<pb::CooperativeKind>(cell.kind));
    c->set_sector(static_cast<pb::Sector>(cell.sector));
    c->set_count(cell.count);
  }
}

std::string OrgUnitName(const std::string& code) { return ResourceName("orgUnits", code); }
std::string CooperativeName(const std::string& number) {
  return ResourceName("cooperatives", number);
}

}  // namespace

absl::StatusOr<CooperativeKind> KindFromProto(int value, absl::string_view field) {
  HOPTAC_RETURN_IF_ERROR(CheckEnum(value, 3, field));
  return static_cast<CooperativeKind>(value);
}
absl::StatusOr<Sector> SectorFromProto(int value, absl::string_view field) {
  HOPTAC_RETURN_IF_ERROR(CheckEnum(value, 8, field));
  return static_cast<Sector>(value);
}
absl::StatusOr<CooperativeStatus> StatusFromProto(int value, absl::string_view field) {
  HOPTAC_RETURN_IF_ERROR(CheckEnum(value, 4, field));
  return static_cast<CooperativeStatus>(value);
}
absl::StatusOr<DissolutionKind> DissolutionKindFromProto(int value, absl::string_view field) {
  HOPTAC_RETURN_IF_ERROR(CheckEnum(value, 2, field));
  return static_cast<DissolutionKind>(value);
}
absl::StatusOr<ClassificationGrade> GradeFromProto(int value, absl::string_view field) {
  HOPTAC_RETURN_IF_ERROR(CheckEnum(value, 4, field));
  return static_cast<ClassificationGrade>(value);
}

absl::StatusOr<CooperativeFields> CooperativeFieldsFromProto(const pb::Cooperative& c) {
  CooperativeFields f;
  f.registration_number = c.registration_number();
  f.display_name = c.display_name();
  HOPTAC_ASSIGN_OR_RETURN(f.kind, KindFromProto(c.kind(), "cooperative.kind"));
  HOPTAC_ASSIGN_OR_RETURN(f.sector, SectorFromProto(c.sector(), "cooperative.sector"));
  HOPTAC_ASSIGN_OR_RETURN(f.org_unit_code,
                          ParseResourceName(c.org_unit(), "orgUnits", "cooperative.org_unit"));
  f.address = c.address();
  HOPTAC_ASSIGN_OR_RETURN(f.establishment_date,
                          DayFromProto(c.establishment_date(), "cooperative.establishment_date"));
  f.member_count = c.member_count();
  f.employee_count = c.employee_count();
  f.charter_capital_dong = c.charter_capital_dong();
  return f;
}

void CooperativeToProto(const CooperativeRecord& r, pb::Cooperative* out) {
  const CooperativeFields& f = r.fields;
  out->set_name(CooperativeName(f.registration_number));
  out->set_registration_number(f.registration_number);
  out->set_display_name(f.display_name);
  out->set_kind(static_cast<pb::CooperativeKind>(f.kind));
  out->set_sector(static_cast<pb::Sector>(f.sector));
  out->set_org_unit(OrgUnitName(f.org_unit_code));
  out->set_address(f.address);
  DayToProto(f.establishment_date, out->mutable_establishment_date());
  out->set_member_count(f.member_count);
  out->set_employee_count(f.employee_count);
  out->set_charter_capital_dong(f.charter_capital_dong);
  out->set_status(static_cast<pb::CooperativeStatus>(r.status));
  DayToProto(r.status_since, out->mutable_status_effective_date());
  TimeToProto(r.create_time, out->mutable_create_time());
  TimeToProto(r.update_time, out->mutable_update_time());
  out->set_etag(absl::StrCat(r.revision));
}

void OrgUnitToProto(const OrgUnitRow& row, pb::OrgUnit* out) {
  const AdminUnitRecord& u = row.unit;
  out->set_name(OrgUnitName(u.code));
  out->set_code(u.code);
  out->set_display_name(u.name);
  out->set_level(static_cast<pb::OrgUnitLevel>(u.level));
  out->set_kind(static_cast<pb::OrgUnitKind>(u.kind));
  if (!u.parent_code.empty()) out->set_parent(OrgUnitName(u.parent_code));
  if (u.valid_from.has_value()) DayToProto(*u.valid_from, out->mutable_valid_from());
  if (u.valid_to.has_value()) DayToProto(*u.valid_to, out->mutable_valid_to());
  for (const OrgUnitRow::Link& link : row.predecessors) {
    pb::OrgUnitLineage* l = out->add_predecessors();
    l->set_org_unit(OrgUnitName(link.code));
    l->set_display_name(link.name);
    l->set_whole(link.whole);
  }
  for (const OrgUnitRow::Link& link : row.successors) {
    pb::OrgUnitLineage* l = out->add_successors();
    l->set_org_unit(OrgUnitName(link.code));
    l->set_display_name(link.name);
    l->set_whole(link.whole);
  }
}

void EventToProto(const std::string& number, const CooperativeEvent& e, pb::CooperativeEvent* out) {
  out->set_name(absl::StrCat(CooperativeName(number), "/events/", e.id));
  out->set_event_type(static_cast<pb::CooperativeEventType>(e.type));
  DayToProto(e.effective_date, out->mutable_effective_date());
  TimeToProto(e.record_time, out->mutable_record_time());
  out->set_actor(e.actor);
  out->set_reason(e.reason);
  out->set_legal_document(e.legal_document);
  out->set_request_id(e.request_id);
  for (const FieldChange& c : e.changes) {
    pb::FieldChange* change = out->add_changes();
    change->set_field(c.field);
    change->set_old_value(c.old_value);
    change->set_new_value(c.new_value);
  }
}

void InspectionToProto(const std::string& number, const Inspection& in, pb::Inspection* out) {
  out->set_name(absl::StrCat(CooperativeName(number), "/inspections/", in.id));
  DayToProto(in.inspection_date, out->mutable_inspection_date());
  out->set_inspecting_body(in.inspecting_body);
  out->set_findings(in.findings);
  out->set_legal_document(in.legal_document);
}

void AwardToProto(const std::string& number, const Award& in, pb::Award* out) {
  out->set_name(absl::StrCat(CooperativeName(number), "/awards/", in.id));
  DayToProto(in.award_date, out->mutable_award_date());
  out->set_title(in.title);
  out->set_event(in.event);
  out->set_awarding_body(in.awarding_body);
  out->set_legal_document(in.legal_document);
}

void ClassificationToProto(const std::string& number, const Classification& in,
                           pb::Classification* out) {
  out->set_name(absl::StrCat(CooperativeName(number), "/classifications/", in.year));
  out->set_year(in.year);
  out->set_grade(static_cast<pb::ClassificationGrade>(in.grade));
  DayToProto(in.decision_date, out->mutable_decision_date());
  out->set_legal_document(in.legal_document);
}

void AnnualReportToProto(const std::string& number, const AnnualReport& in,
                         pb::AnnualReport* out) {
  out->set_name(absl::StrCat(CooperativeName(number), "/annualReports/", in.year));
  out->set_year(in.year);
  DayToProto(in.received_date, out->mutable_received_date());
  DayToProto(in.due_date, out->mutable_due_date());
  out->set_on_time(in.on_time());
}

void StatisticsToProto(const RegistryStatistics& s, pb::GetRegistryStatisticsResponse* out) {
  out->set_org_unit(OrgUnitName(s.org_unit_code));
  PeriodToProto(s.period, out->mutable_period());
  BreakdownToProto(s.active_at_start, out->mutable_active_at_start());
  BreakdownToProto(s.active_at_end, out->mutable_active_at_end());
  BreakdownToProto(s.suspended_at_end, out->mutable_suspended_at_end());
  BreakdownToProto(s.established, out->mutable_established());
  BreakdownToProto(s.dissolution_started_voluntary, out->mutable_dissolution_started_voluntary());
  BreakdownToProto(s.dissolution_started_forced, out->mutable_dissolution_started_forced());
  BreakdownToProto(s.dissolved, out->mutable_dissolved());
  out->set_awarded_cooperatives(s.awarded_cooperatives);
  out->set_awards(s.awards);
  out->set_inspected_cooperatives(s.inspected_cooperatives);
  out->set_inspections(s.inspections);
  for (const auto& [grade, count] : s.classifications) {
    pb::GradeCount* g = out->add_classifications();
    g->set_grade(static_cast<pb::ClassificationGrade>(grade));
    g->set_count(count);
  }
  out->set_annual_reports_on_time(s.annual_reports_on_time);
  out->set_annual_reports_late(s.annual_reports_late);
}

}  // namespace hoptac::registry
