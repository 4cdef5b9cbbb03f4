// RegistryStore: records kept on a cooperative, and its history.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/request_log.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/registry/registry_store.h"
#include "services/registry/registry_store_sql.h"

namespace hoptac::registry {
namespace {

// The common shape of every record: claim the request id, lock the
// cooperative, check the date against its life, insert the record, append the
// event, complete the request. `insert` writes the record row and returns its id.
struct RecordSpec {
  const char* method;
  const char* date_field;  // API name of the record's date, for errors
  absl::CivilDay date;
  CooperativeEventType event_type;
  std::string reason;
  std::string legal_document;
  EventFacts facts;
  // The record's resource name below its cooperative: "<collection>/<id>",
  // or "<collection>/<year>" for what is kept once a year.
  const char* collection;
  std::optional<int> named_by_year;
};

std::string RecordResource(const std::string& registration_number, const RecordSpec& spec,
                           int64_t record_id) {
  return absl::StrCat("cooperatives/", registration_number, "/", spec.collection, "/",
                      spec.named_by_year.has_value() ? *spec.named_by_year : record_id);
}

absl::StatusOr<int64_t> RecordOnCooperative(
    Database& db, absl::Time deadline, const std::string& registration_number,
    const MutationContext& mutation, const RecordSpec& spec,
    const std::function<absl::Status(SqlSession&, int64_t cooperative_id)>& check,
    const std::function<int64_t(SqlSession&, int64_t cooperative_id)>& insert,
    const std::function<absl::Status(SqlSession&, int64_t record_id)>& read_back) {
  int64_t record_id = 0;
  HOPTAC_RETURN_IF_ERROR(db.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior,
                            ClaimRequest(s, mutation.request_id, spec.method, mutation.fingerprint));
    if (prior.has_value()) {
      record_id = prior->result_id;
      return read_back(s, record_id);
    }
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative c,
                            ReadCooperative(s, registration_number, /*lock=*/true));
    HOPTAC_RETURN_IF_ERROR(CheckAuthorizedUnit(c, mutation));
    if (spec.date < c.record.fields.establishment_date) {
      return absl::InvalidArgumentError(absl::StrCat(
          spec.date_field, ": ", SqlDate(spec.date), " is before the cooperative was established (",
          SqlDate(c.record.fields.establishment_date), ")"));
    }
    if (check) HOPTAC_RETURN_IF_ERROR(check(s, c.record.id));
    record_id = insert(s, c.record.id);
    InsertEvent(s, c.record.id, spec.event_type, spec.date, spec.reason, spec.legal_document,
                mutation, SnapshotOn(s, c, spec.date), spec.facts, {});
    CompleteRequest(s, mutation.request_id, {c.record.id, record_id});
    AppendMutationAudit(s, mutation, RecordResource(registration_number, spec, record_id));
    return read_back(s, record_id);
  }));
  return record_id;
}

// ALREADY_EXISTS when `table` has a row for this cooperative and year.
absl::Status CheckYearFree(SqlSession& s, const char* table, const char* what, int64_t cooperative_id,
                           int year) {
  sql::PreparedStatement& q = s.Prepare(
      absl::StrCat("SELECT 1 FROM ", table, " WHERE cooperative_id = ? AND year = ?"));
  q.setInt64(1, cooperative_id);
  q.setInt(2, year);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (r->next()) {
    return absl::AlreadyExistsError(absl::StrCat(what, ".year: ", year, " is already recorded"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Inspection> RegistryStore::RecordInspection(const std::string& registration_number,
                                                          const Inspection& inspection,
                                                          const MutationContext& mutation,
                                                          absl::Time deadline) {
  Inspection out;
  RecordSpec spec{"RecordInspection", "inspection.inspection_date", inspection.inspection_date,
                  CooperativeEventType::kInspected, inspection.findings,
                  inspection.legal_document, {}, "inspections", std::nullopt};
  auto insert = [&](SqlSession& s, int64_t cooperative_id) {
    sql::PreparedStatement& q = s.Prepare(
        "INSERT INTO inspections (cooperative_id, inspection_date, inspecting_body, findings, "
        "legal_document) VALUES (?, ?, ?, ?, ?)");
    q.setInt64(1, cooperative_id);
    q.setString(2, SqlDate(inspection.inspection_date));
    q.setString(3, inspection.inspecting_body);
    q.setString(4, inspection.findings);
    q.setString(5, inspection.legal_document);
    q.executeUpdate();
    return LastInsertId(s);
  };
  auto read_back = [&](SqlSession& s, int64_t id) -> absl::Status {
    sql::PreparedStatement& q = s.Prepare(
        "SELECT id, inspection_date, inspecting_body, findings, legal_document FROM inspections "
        "WHERE id = ?");
    q.setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (!r->next()) return absl::NotFoundError("inspection is gone");
    out = {r->getInt64(1), ParseSqlDate(std::string(r->getString(2))), r->getString(3),
           r->getString(4), r->getString(5)};
    return absl::OkStatus();
  };
  HOPTAC_RETURN_IF_ERROR(RecordOnCooperative(db_, deadline, registration_number, mutation, spec,
                                             nullptr, insert, read_back)
                             .status());
  return out;
}

absl::StatusOr<Award> RegistryStore::RecordAward(const std::string& registration_number,
                                                const Award& award,
                                                const MutationContext& mutation,
                                                absl::Time deadline) {
  Award out;
  RecordSpec spec{"RecordAward", "award.award_date", award.award_date,
                  CooperativeEventType::kAwarded, absl::StrCat(award.title, " — ", award.event),
                  award.legal_document, {}, "awards", std::nullopt};
  auto insert = [&](SqlSession& s, int64_t cooperative_id) {
    sql::PreparedStatement& q = s.Prepare(
        "INSERT INTO awards (cooperative_id, award_date, title, event, awarding_body, "
        "legal_document) VALUES (?, ?, ?, ?, ?, ?)");
    q.setInt64(1, cooperative_id);
    q.setString(2, SqlDate(award.award_date));
    q.setString(3, award.title);
    q.setString(4, award.event);
    q.setString(5, award.awarding_body);
    q.setString(6, award.legal_document);
    q.executeUpdate();
    return LastInsertId(s);
  };
  auto read_back = [&](SqlSession& s, int64_t id) -> absl::Status {
    sql::PreparedStatement& q = s.Prepare(
        "SELECT id, award_date, title, event, awarding_body, legal_document FROM awards "
        "WHERE id = ?");
    q.setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (!r->next()) return absl::NotFoundError("award is gone");
    out = {r->getInt64(1), ParseSqlDate(std::string(r->getString(2))), r->getString(3),
           r->getString(4), r->getString(5), r->getString(6)};
    return absl::OkStatus();
  };
  HOPTAC_RETURN_IF_ERROR(RecordOnCooperative(db_, deadline, registration_number, mutation, spec,
                                             nullptr, insert, read_back)
                             .status());
  return out;
}

absl::StatusOr<Classification> RegistryStore::RecordClassification(
    const std::string& registration_number, const Classification& classification,
    const MutationContext& mutation, absl::Time deadline) {
  Classification out;
  EventFacts facts;
  facts.grade = classification.grade;
  facts.subject_year = classification.year;
  RecordSpec spec{"RecordClassification", "classification.decision_date",
                  classification.decision_date, CooperativeEventType::kClassified,
                  absl::StrCat("Xếp loại năm ", classification.year), classification.legal_document,
                  facts, "classifications", classification.year};
  auto check = [&](SqlSession& s, int64_t cooperative_id) {
    return CheckYearFree(s, "classifications", "classification", cooperative_id,
                         classification.year);
  };
  auto insert = [&](SqlSession& s, int64_t cooperative_id) {
    sql::PreparedStatement& q = s.Prepare(
        "INSERT INTO classifications (cooperative_id, year, grade, decision_date, legal_document) "
        "VALUES (?, ?, ?, ?, ?)");
    q.setInt64(1, cooperative_id);
    q.setInt(2, classification.year);
    q.setInt(3, static_cast<int>(classification.grade));
    q.setString(4, SqlDate(classification.decision_date));
    q.setString(5, classification.legal_document);
    q.executeUpdate();
    return LastInsertId(s);
  };
  auto read_back = [&](SqlSession& s, int64_t id) -> absl::Status {
    sql::PreparedStatement& q = s.Prepare(
        "SELECT id, year, grade, decision_date, legal_document FROM classifications WHERE id = ?");
    q.setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (!r->next()) return absl::NotFoundError("classification is gone");
    out = {r->getInt64(1), r->getInt(2), static_cast<ClassificationGrade>(r->getInt(3)),
           ParseSqlDate(std::string(r->getString(4))), r->getString(5)};
    return absl::OkStatus();
  };
  HOPTAC_RETURN_IF_ERROR(RecordOnCooperative(db_, deadline, registration_number, mutation, spec,
                                             check, insert, read_back)
                             .status());
  return out;
}

absl::StatusOr<AnnualReport> RegistryStore::RecordAnnualReport(
    const std::string& registration_number, const AnnualReport& report,
    const MutationContext& mutation, absl::Time deadline) {
  AnnualReport out;
  EventFacts facts;
  facts.subject_year = report.year;
  facts.on_time = report.on_time();
  RecordSpec spec{"RecordAnnualReport", "annual_report.received_date", report.received_date,
                  CooperativeEventType::kAnnualReportReceived,
                  absl::StrCat("Báo cáo năm ", report.year), "", facts, "annualReports",
                  report.year};
  auto check = [&](SqlSession& s, int64_t cooperative_id) {
    return CheckYearFree(s, "annual_reports", "annual_report", cooperative_id, report.year);
  };
  auto insert = [&](SqlSession& s, int64_t cooperative_id) {
    sql::PreparedStatement& q = s.Prepare(
        "INSERT INTO annual_reports (cooperative_id, year, received_date, due_date) "
        "VALUES (?, ?, ?, ?)");
    q.setInt64(1, cooperative_id);
    q.setInt(2, report.year);
    q.setString(3, SqlDate(report.received_date));
    q.setString(4, SqlDate(report.due_date));
    q.executeUpdate();
    return LastInsertId(s);
  };
  auto read_back = [&](SqlSession& s, int64_t id) -> absl::Status {
    sql::PreparedStatement& q = s.Prepare(
        "SELECT id, year, received_date, due_date FROM annual_reports WHERE id = ?");
    q.setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (!r->next()) return absl::NotFoundError("annual report is gone");
    out = {r->getInt64(1), r->getInt(2), ParseSqlDate(std::string(r->getString(3))),
           ParseSqlDate(std::string(r->getString(4)))};
    return absl::OkStatus();
  };
  HOPTAC_RETURN_IF_ERROR(RecordOnCooperative(db_, deadline, registration_number, mutation, spec,
                                             check, insert, read_back)
                             .status());
  return out;
}

absl::StatusOr<EventPage> RegistryStore::ListEvents(const std::string& registration_number,
                                                    int page_size,
                                                    const std::vector<std::string>& after,
                                                    absl::Time deadline) {
  EventPage page;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative c,
                            ReadCooperative(s, registration_number, /*lock=*/false));
    int64_t after_id = 0;
    if (!after.empty() && !absl::SimpleAtoi(after[0], &after_id)) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    sql::PreparedStatement& q = s.Prepare(
        "SELECT id, event_type, effective_date, record_time, actor, reason, legal_document, "
        "COALESCE(request_id, '') FROM cooperative_events WHERE cooperative_id = ? AND id > ? "
        "ORDER BY id LIMIT ?");
    q.setInt64(1, c.record.id);
    q.setInt64(2, after_id);
    q.setInt(3, page_size + 1);
    {
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      while (r->next()) {
        CooperativeEvent e;
        e.id = r->getInt64(1);
        e.type = static_cast<CooperativeEventType>(r->getInt(2));
        e.effective_date = ParseSqlDate(std::string(r->getString(3)));
        e.record_time = ParseSqlTimestamp(std::string(r->getString(4)));
        e.actor = r->getString(5);
        e.reason = r->getString(6);
        e.legal_document = r->getString(7);
        e.request_id = r->getString(8);
        page.events.push_back(std::move(e));
      }
    }
    if (static_cast<int>(page.events.size()) > page_size) {
      page.events.pop_back();
      page.next_after = {absl::StrCat(page.events.back().id)};
    }
    if (page.events.empty()) return absl::OkStatus();
    sql::PreparedStatement& changes = s.Prepare(
        "SELECT ch.event_id, ch.field, ch.old_value, ch.new_value FROM cooperative_event_changes "
        "ch JOIN cooperative_events e ON e.id = ch.event_id WHERE e.cooperative_id = ? AND "
        "e.id BETWEEN ? AND ? ORDER BY ch.event_id");
    changes.setInt64(1, c.record.id);
    changes.setInt64(2, page.events.front().id);
    changes.setInt64(3, page.events.back().id);
    std::unique_ptr<sql::ResultSet> r(changes.executeQuery());
    size_t at = 0;
    while (r->next()) {
      const int64_t event_id = r->getInt64(1);
      while (at < page.events.size() && page.events[at].id < event_id) ++at;
      if (at == page.events.size()) break;
      page.events[at].changes.push_back({r->getString(2), r->getString(3), r->getString(4)});
    }
    return absl::OkStatus();
  }));
  return page;
}

}  // namespace hoptac::registry
