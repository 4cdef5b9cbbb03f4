// SubsidyStore: statistics for a subtree and a period, computed in SQL.
// Grants count under the unit their beneficiary had when applying; approvals
// by decision date, applications by application date, disbursements (net of
// reversals) by entry date. Roll-ups by support kind and fund source are
// their own GROUP BY queries, so a beneficiary of two programs of one kind
// counts once.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/subsidy/subsidy_store.h"
#include "services/subsidy/subsidy_store_sql.h"

namespace hoptac::subsidy {
namespace {

// "?, ?, ?" for `n` codes.
std::string Placeholders(size_t n) {
  std::vector<std::string> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

// Binds the unit codes starting at `index`; returns the next index.
int BindCodes(sql::PreparedStatement& q, int index, const std::vector<std::string>& codes) {
  for (const std::string& c : codes) q.setString(index++, c);
  return index;
}

int BindPeriod(sql::PreparedStatement& q, int index, const Period& period) {
  q.setString(index++, SqlDate(period.start));
  q.setString(index++, SqlDate(period.end));
  return index;
}

int BindFilter(sql::PreparedStatement& q, int index, const StatisticsFilter& f) {
  q.setInt(index++, static_cast<int>(f.support_kind));
  q.setInt(index++, static_cast<int>(f.support_kind));
  q.setInt(index++, static_cast<int>(f.fund_source));
  q.setInt(index++, static_cast<int>(f.fund_source));
  return index;
}

constexpr char kFilterSql[] = "(? = 0 OR p.support_kind = ?) AND (? = 0 OR p.fund_source = ?)";

}  // namespace

absl::StatusOr<SubsidyStatistics> SubsidyStore::GetStatistics(
    const std::vector<std::string>& unit_codes, const Period& period,
    const StatisticsFilter& filter, absl::Time deadline) {
  SubsidyStatistics stats;
  if (unit_codes.empty()) return stats;
  const std::string in = Placeholders(unit_codes.size());
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    stats = SubsidyStatistics{};
    std::map<int64_t, ProgramFigures> by_program;  // program id -> figures

    // Programs shown: run by a unit of the subtree and valid during the period,
    // or with a grant of the subtree.
    sql::PreparedStatement& programs = s.Prepare(absl::StrCat(
        "SELECT ", kProgramColumns, " FROM programs p WHERE ", kFilterSql,
        " AND ((p.org_unit_code IN (", in, ") AND p.valid_from <= ? AND p.valid_to >= ?) "
        "OR p.id IN (SELECT g.program_id FROM grants g WHERE g.org_unit_code IN (", in, ")))"));
    int i = BindFilter(programs, 1, filter);
    i = BindCodes(programs, i, unit_codes);
    programs.setString(i++, SqlDate(period.end));
    programs.setString(i++, SqlDate(period.start));
    BindCodes(programs, i, unit_codes);
    {
      std::unique_ptr<sql::ResultSet> r(programs.executeQuery());
      while (r->next()) by_program[r->getInt64(11)].program = ReadProgramRow(*r);
    }

    sql::PreparedStatement& grants = s.Prepare(absl::StrCat(
        "SELECT g.program_id, "
        "SUM(g.state = 2 AND g.decision_date BETWEEN ? AND ?), "
        "SUM(CASE WHEN g.state = 2 AND g.decision_date BETWEEN ? AND ? THEN g.approved_dong "
        "ELSE 0 END), "
        "SUM(g.application_date BETWEEN ? AND ?) "
        "FROM grants g JOIN programs p ON p.id = g.program_id WHERE g.org_unit_code IN (", in,
        ") AND ", kFilterSql, " GROUP BY g.program_id"));
    i = BindPeriod(grants, 1, period);
    i = BindPeriod(grants, i, period);
    i = BindPeriod(grants, i, period);
    i = BindCodes(grants, i, unit_codes);
    BindFilter(grants, i, filter);
    {
      std::unique_ptr<sql::ResultSet> r(grants.executeQuery());
      while (r->next()) {
        SubsidyFigures& f = by_program[r->getInt64(1)].figures;
        f.approved_grants = r->getInt64(2);
        f.approved_dong = r->getInt64(3);
        f.applications = r->getInt64(4);
      }
    }

    sql::PreparedStatement& ledger = s.Prepare(absl::StrCat(
        "SELECT g.program_id, SUM(CASE WHEN l.kind = 1 THEN l.amount_dong ELSE -l.amount_dong END) "
        "FROM ledger_entries l JOIN grants g ON g.id = l.grant_id "
        "JOIN programs p ON p.id = g.program_id "
        "WHERE l.entry_date BETWEEN ? AND ? AND g.org_unit_code IN (", in, ") AND ", kFilterSql,
        " GROUP BY g.program_id"));
    i = BindPeriod(ledger, 1, period);
    i = BindCodes(ledger, i, unit_codes);
    BindFilter(ledger, i, filter);
    {
      std::unique_ptr<sql::ResultSet> r(ledger.executeQuery());
      while (r->next()) by_program[r->getInt64(1)].figures.disbursed_net_dong = r->getInt64(2);
    }

    // Distinct beneficiaries: a grant approved in the period, or money paid
    // (net) in the period. Grouped per program and per kind/fund roll-up.
    const std::string beneficiaries_from = absl::StrCat(
        " FROM grants g JOIN programs p ON p.id = g.program_id WHERE g.org_unit_code IN (", in,
        ") AND ", kFilterSql, " AND g.state = 2 AND (g.decision_date BETWEEN ? AND ? OR "
        "(SELECT COALESCE(SUM(CASE WHEN l.kind = 1 THEN l.amount_dong ELSE -l.amount_dong END), 0) "
        "FROM ledger_entries l WHERE l.grant_id = g.id AND l.entry_date BETWEEN ? AND ?) > 0)");
    auto bind_beneficiaries = [&](sql::PreparedStatement& q) {
      int k = BindCodes(q, 1, unit_codes);
      k = BindFilter(q, k, filter);
      k = BindPeriod(q, k, period);
      BindPeriod(q, k, period);
    };
    sql::PreparedStatement& per_program = s.Prepare(absl::StrCat(
        "SELECT g.program_id, g.beneficiary_kind, COUNT(DISTINCT g.beneficiary_id)",
        beneficiaries_from, " GROUP BY g.program_id, g.beneficiary_kind"));
    bind_beneficiaries(per_program);
    {
      std::unique_ptr<sql::ResultSet> r(per_program.executeQuery());
      while (r->next()) {
        by_program[r->getInt64(1)].figures.beneficiaries.emplace_back(
            static_cast<BeneficiaryKind>(r->getInt(2)), r->getInt64(3));
      }
    }

    std::map<std::pair<int, int>, KindFigures> by_kind;
    for (auto& [id, pf] : by_program) {
      KindFigures& k = by_kind[{static_cast<int>(pf.program.support_kind),
                                static_cast<int>(pf.program.fund_source)}];
      k.support_kind = pf.program.support_kind;
      k.fund_source = pf.program.fund_source;
      const bool ran_in_period =
          pf.program.valid_from <= period.end && pf.program.valid_to >= period.start;
      if (pf.figures.applications == 0 && ran_in_period) {
        stats.programs_without_applications.push_back(pf.program.code);
      }
    }
    // The roll-up's sums, in SQL like the per-program ones.
    sql::PreparedStatement& kind_grants = s.Prepare(absl::StrCat(
        "SELECT p.support_kind, p.fund_source, "
        "SUM(g.state = 2 AND g.decision_date BETWEEN ? AND ?), "
        "SUM(CASE WHEN g.state = 2 AND g.decision_date BETWEEN ? AND ? THEN g.approved_dong "
        "ELSE 0 END), "
        "SUM(g.application_date BETWEEN ? AND ?) "
        "FROM grants g JOIN programs p ON p.id = g.program_id WHERE g.org_unit_code IN (", in,
        ") AND ", kFilterSql, " GROUP BY p.support_kind, p.fund_source"));
    i = BindPeriod(kind_grants, 1, period);
    i = BindPeriod(kind_grants, i, period);
    i = BindPeriod(kind_grants, i, period);
    i = BindCodes(kind_grants, i, unit_codes);
    BindFilter(kind_grants, i, filter);
    {
      std::unique_ptr<sql::ResultSet> r(kind_grants.executeQuery());
      while (r->next()) {
        SubsidyFigures& f = by_kind[{r->getInt(1), r->getInt(2)}].figures;
        f.approved_grants = r->getInt64(3);
        f.approved_dong = r->getInt64(4);
        f.applications = r->getInt64(5);
      }
    }
    sql::PreparedStatement& kind_ledger = s.Prepare(absl::StrCat(
        "SELECT p.support_kind, p.fund_source, "
        "SUM(CASE WHEN l.kind = 1 THEN l.amount_dong ELSE -l.amount_dong END) "
        "FROM ledger_entries l JOIN grants g ON g.id = l.grant_id "
        "JOIN programs p ON p.id = g.program_id "
        "WHERE l.entry_date BETWEEN ? AND ? AND g.org_unit_code IN (", in, ") AND ", kFilterSql,
        " GROUP BY p.support_kind, p.fund_source"));
    i = BindPeriod(kind_ledger, 1, period);
    i = BindCodes(kind_ledger, i, unit_codes);
    BindFilter(kind_ledger, i, filter);
    {
      std::unique_ptr<sql::ResultSet> r(kind_ledger.executeQuery());
      while (r->next()) {
        by_kind[{r->getInt(1), r->getInt(2)}].figures.disbursed_net_dong = r->getInt64(3);
      }
    }
    sql::PreparedStatement& rolled = s.Prepare(absl::StrCat(
        "SELECT p.support_kind, p.fund_source, g.beneficiary_kind, "
        "COUNT(DISTINCT g.beneficiary_id)",
        beneficiaries_from, " GROUP BY p.support_kind, p.fund_source, g.beneficiary_kind"));
    bind_beneficiaries(rolled);
    {
      std::unique_ptr<sql::ResultSet> r(rolled.executeQuery());
      while (r->next()) {
        by_kind[{r->getInt(1), r->getInt(2)}].figures.beneficiaries.emplace_back(
            static_cast<BeneficiaryKind>(r->getInt(3)), r->getInt64(4));
      }
    }
    for (auto& [id, pf] : by_program) stats.programs.push_back(std::move(pf));
    std::sort(stats.programs.begin(), stats.programs.end(),
              [](const ProgramFigures& a, const ProgramFigures& b) {
                return a.program.code < b.program.code;
              });
    std::sort(stats.programs_without_applications.begin(),
              stats.programs_without_applications.end());
    for (auto& [key, k] : by_kind) stats.by_support_kind.push_back(std::move(k));
    return absl::OkStatus();
  }));
  return stats;
}

}  // namespace hoptac::subsidy
