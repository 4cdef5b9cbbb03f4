// RegistryStore: statistics, computed in SQL from effective dates. Intervals
// (cooperative_periods) answer "how many were in a state on day D"; events
// (cooperative_events, with the unit, kind and sector of their effective date)
// answer "how many things happened in the period". Both are joined to the
// unit's closure, so the subtree is one indexed join and no row is loaded
// into memory to be counted.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/registry/registry_store.h"
#include "services/registry/registry_store_sql.h"

namespace hoptac::registry {
namespace {

Breakdown ReadBreakdown(sql::PreparedStatement& q) {
  Breakdown b;
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  while (r->next()) {
    KindSectorCount cell{static_cast<CooperativeKind>(r->getInt(1)),
                         static_cast<Sector>(r->getInt(2)), r->getInt64(3)};
    b.total += cell.count;
    b.cells.push_back(cell);
  }
  return b;
}

// Cooperatives in `status` on `day`, by the kind and sector they had then.
Breakdown InStatusOn(SqlSession& s, int64_t unit_id, CooperativeStatus status, absl::CivilDay day) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT p.kind, p.sector, COUNT(DISTINCT p.cooperative_id) FROM cooperative_periods p "
      "JOIN org_unit_closure c ON c.descendant_id = p.org_unit_id AND c.ancestor_id = ? "
      "WHERE p.status = ? AND p.valid_from <= ? AND p.valid_to > ? "
      "GROUP BY p.kind, p.sector ORDER BY p.kind, p.sector");
  q.setInt64(1, unit_id);
  q.setInt(2, static_cast<int>(status));
  q.setString(3, SqlDate(day));
  q.setString(4, SqlDate(day));
  return ReadBreakdown(q);
}

// Cooperatives with an event of `type` in the period; dissolution_kind 0 = any.
Breakdown WithEventIn(SqlSession& s, int64_t unit_id, CooperativeEventType type,
                      const Period& period, int dissolution_kind) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT e.kind, e.sector, COUNT(DISTINCT e.cooperative_id) FROM cooperative_events e "
      "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
      "WHERE e.event_type = ? AND e.effective_date BETWEEN ? AND ? "
      "AND (? = 0 OR e.dissolution_kind = ?) "
      "GROUP BY e.kind, e.sector ORDER BY e.kind, e.sector");
  q.setInt64(1, unit_id);
  q.setInt(2, static_cast<int>(type));
  q.setString(3, SqlDate(period.start));
  q.setString(4, SqlDate(period.end));
  q.setInt(5, dissolution_kind);
  q.setInt(6, dissolution_kind);
  return ReadBreakdown(q);
}

// (events, distinct cooperatives) of `type` in the period.
std::pair<int64_t, int64_t> CountEvents(SqlSession& s, int64_t unit_id, CooperativeEventType type,
                                        const Period& period) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT COUNT(*), COUNT(DISTINCT e.cooperative_id) FROM cooperative_events e "
      "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
      "WHERE e.event_type = ? AND e.effective_date BETWEEN ? AND ?");
  q.setInt64(1, unit_id);
  q.setInt(2, static_cast<int>(type));
  q.setString(3, SqlDate(period.start));
  q.setString(4, SqlDate(period.end));
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  r->next();
  return {r->getInt64(1), r->getInt64(2)};
}

// The unit version the statistics are about: valid at the end of the period,
// or else at its start.
absl::StatusOr<int64_t> UnitForPeriod(SqlSession& s, const std::string& code, const Period& period) {
  auto at_end = FindOrgUnitId(s, code, period.end);
  if (at_end.ok()) return at_end;
  auto at_start = FindOrgUnitId(s, code, period.start);
  if (at_start.ok()) return at_start;
  return absl::NotFoundError(absl::StrCat("org_unit: orgUnits/", code,
                                          " is not valid at any end of the period"));
}

}  // namespace

absl::StatusOr<RegistryStatistics> RegistryStore::GetStatistics(const std::string& org_unit_code,
                                                                const Period& period,
                                                                absl::Time deadline) {
  RegistryStatistics stats;
  stats.org_unit_code = org_unit_code;
  stats.period = period;
  // One session: every query reads the same snapshot (REPEATABLE READ).
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(const int64_t unit, UnitForPeriod(s, org_unit_code, period));
    stats.active_at_start = InStatusOn(s, unit, CooperativeStatus::kActive, period.start);
    stats.active_at_end = InStatusOn(s, unit, CooperativeStatus::kActive, period.end);
    stats.suspended_at_end = InStatusOn(s, unit, CooperativeStatus::kSuspended, period.end);
    stats.established = WithEventIn(s, unit, CooperativeEventType::kCreated, period, 0);
    stats.dissolution_started_voluntary =
        WithEventIn(s, unit, CooperativeEventType::kDissolutionStarted, period,
                    static_cast<int>(DissolutionKind::kVoluntary));
    stats.dissolution_started_forced =
        WithEventIn(s, unit, CooperativeEventType::kDissolutionStarted, period,
                    static_cast<int>(DissolutionKind::kForced));
    stats.dissolved = WithEventIn(s, unit, CooperativeEventType::kDissolved, period, 0);
    std::tie(stats.awards, stats.awarded_cooperatives) =
        CountEvents(s, unit, CooperativeEventType::kAwarded, period);
    std::tie(stats.inspections, stats.inspected_cooperatives) =
        CountEvents(s, unit, CooperativeEventType::kInspected, period);

    // Classifications of the years whose last day falls within the period.
    const int first_year = static_cast<int>(period.start.year());
    const int last_year = static_cast<int>(
        period.end == absl::CivilDay(period.end.year(), 12, 31) ? period.end.year()
                                                                : period.end.year() - 1);
    sql::PreparedStatement& grades = s.Prepare(
        "SELECT e.grade, COUNT(DISTINCT e.cooperative_id) FROM cooperative_events e "
        "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
        "WHERE e.event_type = ? AND e.subject_year BETWEEN ? AND ? GROUP BY e.grade");
    grades.setInt64(1, unit);
    grades.setInt(2, static_cast<int>(CooperativeEventType::kClassified));
    grades.setInt(3, first_year);
    grades.setInt(4, last_year);
    {
      std::unique_ptr<sql::ResultSet> r(grades.executeQuery());
      while (r->next()) {
        stats.classifications[static_cast<ClassificationGrade>(r->getInt(1))] = r->getInt64(2);
      }
    }
    sql::PreparedStatement& reports = s.Prepare(
        "SELECT COALESCE(SUM(e.on_time = 1), 0), COALESCE(SUM(e.on_time = 0), 0) "
        "FROM cooperative_events e "
        "JOIN org_unit_closure c ON c.descendant_id = e.org_unit_id AND c.ancestor_id = ? "
        "WHERE e.event_type = ? AND e.effective_date BETWEEN ? AND ?");
    reports.setInt64(1, unit);
    reports.setInt(2, static_cast<int>(CooperativeEventType::kAnnualReportReceived));
    reports.setString(3, SqlDate(period.start));
    reports.setString(4, SqlDate(period.end));
    std::unique_ptr<sql::ResultSet> r(reports.executeQuery());
    r->next();
    stats.annual_reports_on_time = r->getInt64(1);
    stats.annual_reports_late = r->getInt64(2);
    return absl::OkStatus();
  }));
  return stats;
}

}  // namespace hoptac::registry
