#include "services/gateway/gateway_store.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/request_log.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"

namespace hoptac::gateway {
namespace {

constexpr char kRoundColumns[] =
    "SELECT id, org_unit_code, province_name, period_start, period_end, data_start, data_end, "
    "template_name, template_proto, request_letter, deadline, issuing_body, title, created_at "
    "FROM rounds";

constexpr char kSubmissionColumns[] =
    "SELECT s.id, s.round_id, s.unit_code, s.version, s.snapshot_name, s.state, s.submit_time, "
    "s.content_sha256, s.return_reason, s.review_time, ";

absl::StatusOr<std::string> Unbase64(const std::string& text) {
  std::string bytes;
  if (!absl::Base64Unescape(text, &bytes)) {
    return absl::DataLossError("gateway store: a stored message does not decode");
  }
  return bytes;
}

// The mutation's audit event, about `resource`, in the mutation's transaction.
void AppendAudit(SqlSession& s, const MutationContext& mutation, std::string resource) {
  AuditEvent event = mutation.audit;
  event.resource = std::move(resource);
  AppendAuditEvent(s, event);
}

std::string SubmissionResource(int64_t round_id, int64_t id) {
  return absl::StrCat("reportingRounds/", round_id, "/submissions/", id);
}

std::string RoundNotFound(int64_t id) { return absl::StrCat("reportingRounds/", id, " not found"); }

absl::StatusOr<RoundRecord> ReadRound(SqlSession& s, int64_t id, bool for_update) {
  sql::PreparedStatement& q = s.Prepare(absl::StrCat(kRoundColumns, " WHERE id = ?",
                                                     for_update ? " FOR UPDATE" : ""));
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) return absl::NotFoundError(RoundNotFound(id));
  RoundRecord out;
  out.id = r->getInt64("id");
  out.org_unit_code = r->getString("org_unit_code");
  out.province_name = r->getString("province_name");
  out.period = {ParseSqlDate(std::string(r->getString("period_start"))),
                ParseSqlDate(std::string(r->getString("period_end")))};
  out.data_window = {ParseSqlDate(std::string(r->getString("data_start"))),
                     ParseSqlDate(std::string(r->getString("data_end")))};
  out.template_name = r->getString("template_name");
  HOPTAC_ASSIGN_OR_RETURN(out.template_bytes, Unbase64(r->getString("template_proto")));
  out.request_letter = r->getString("request_letter");
  out.deadline = ParseSqlTimestamp(std::string(r->getString("deadline")));
  out.issuing_body = r->getString("issuing_body");
  out.title = r->getString("title");
  out.create_time = ParseSqlTimestamp(std::string(r->getString("created_at")));
  sql::PreparedStatement& u = s.Prepare(
      "SELECT unit_code, display_name FROM round_units WHERE round_id = ? ORDER BY unit_code");
  u.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> units(u.executeQuery());
  while (units->next()) {
    out.expected_units.push_back({units->getString(1), units->getString(2)});
  }
  return out;
}

absl::StatusOr<SubmissionRecord> ReadSubmissionRow(sql::ResultSet& r, bool with_bytes) {
  SubmissionRecord out;
  out.id = r.getInt64("id");
  out.round_id = r.getInt64("round_id");
  out.unit_code = r.getString("unit_code");
  out.version = r.getInt("version");
  out.snapshot_name = r.getString("snapshot_name");
  HOPTAC_ASSIGN_OR_RETURN(out.state, UnitStateFromNumber(r.getInt("state")));
  out.submit_time = ParseSqlTimestamp(std::string(r.getString("submit_time")));
  out.content_sha256 = r.getString("content_sha256");
  out.return_reason = r.getString("return_reason");
  if (!r.isNull("review_time")) {
    out.review_time = ParseSqlTimestamp(std::string(r.getString("review_time")));
  }
  if (with_bytes) {
    HOPTAC_ASSIGN_OR_RETURN(out.snapshot_bytes, Unbase64(r.getString("snapshot_proto")));
  }
  return out;
}

absl::StatusOr<SubmissionRecord> ReadSubmission(SqlSession& s, int64_t id) {
  sql::PreparedStatement& q =
      s.Prepare(absl::StrCat(kSubmissionColumns, "s.snapshot_proto FROM submissions s WHERE s.id = ?"));
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) return absl::NotFoundError(absl::StrCat("submission ", id, " not found"));
  return ReadSubmissionRow(*r, true);
}

struct LockedUnit {
  UnitState state = UnitState::kNotStarted;
  int versions = 0;
};

// The unit's row, locked. INVALID_ARGUMENT naming org_unit when the round
// does not expect it.
absl::StatusOr<LockedUnit> LockUnit(SqlSession& s, int64_t round_id, const std::string& code) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT state, versions FROM round_units WHERE round_id = ? AND unit_code = ? FOR UPDATE");
  q.setInt64(1, round_id);
  q.setString(2, code);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) {
    return absl::InvalidArgumentError(absl::StrCat("org_unit: orgUnits/", code,
                                                   " is not one of the units expected in "
                                                   "reportingRounds/", round_id));
  }
  LockedUnit out;
  HOPTAC_ASSIGN_OR_RETURN(out.state, UnitStateFromNumber(r->getInt(1)));
  out.versions = r->getInt(2);
  return out;
}

absl::StatusOr<int64_t> CurrentSubmissionId(SqlSession& s, int64_t round_id,
                                            const std::string& code, int version) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT id FROM submissions WHERE round_id = ? AND unit_code = ? AND version = ?");
  q.setInt64(1, round_id);
  q.setString(2, code);
  q.setInt(3, version);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) {
    return absl::InternalError(absl::StrCat("orgUnits/", code, " has no version ", version));
  }
  return r->getInt64(1);
}

}  // namespace

absl::StatusOr<RoundRecord> GatewayStore::CreateRound(const RoundRecord& round,
                                                      const MutationContext& mutation,
                                                      absl::Time deadline) {
  RoundRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id,
                                                     "CreateReportingRound", mutation.fingerprint));
    int64_t id = 0;
    if (prior) {
      id = prior->resource_id;
    } else {
      sql::PreparedStatement& q = s.Prepare(
          "INSERT INTO rounds (org_unit_code, province_name, period_start, period_end, "
          "data_start, data_end, template_name, template_proto, request_letter, deadline, "
          "issuing_body, title, actor, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.setString(1, round.org_unit_code);
      q.setString(2, round.province_name);
      q.setString(3, SqlDate(round.period.start));
      q.setString(4, SqlDate(round.period.end));
      q.setString(5, SqlDate(round.data_window.start));
      q.setString(6, SqlDate(round.data_window.end));
      q.setString(7, round.template_name);
      q.setString(8, absl::Base64Escape(round.template_bytes));
      q.setString(9, round.request_letter);
      q.setString(10, SqlTimestamp(round.deadline));
      q.setString(11, round.issuing_body);
      q.setString(12, round.title);
      q.setString(13, mutation.actor);
      q.setString(14, mutation.request_id);
      q.executeUpdate();
      id = LastInsertId(s);
      sql::PreparedStatement& u = s.Prepare(
          "INSERT INTO round_units (round_id, unit_code, display_name) VALUES (?, ?, ?)");
      for (const ExpectedUnitInfo& unit : round.expected_units) {
        u.setInt64(1, id);
        u.setString(2, unit.code);
        u.setString(3, unit.display_name);
        u.executeUpdate();
      }
      CompleteRequest(s, mutation.request_id, {id, id});
      AppendAudit(s, mutation, absl::StrCat("reportingRounds/", id));
    }
    HOPTAC_ASSIGN_OR_RETURN(out, ReadRound(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<RoundRecord> GatewayStore::GetRound(int64_t id, absl::Time deadline) {
  RoundRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(out, ReadRound(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<RoundRecord>> GatewayStore::ListRounds(int page_size,
                                                                  int64_t before_id,
                                                                  absl::Time deadline) {
  std::vector<RoundRecord> out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    out.clear();
    sql::PreparedStatement& q =
        s.Prepare("SELECT id FROM rounds WHERE id < ? ORDER BY id DESC LIMIT ?");
    q.setInt64(1, before_id > 0 ? before_id : INT64_MAX);
    q.setInt(2, page_size);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    std::vector<int64_t> ids;
    while (r->next()) ids.push_back(r->getInt64(1));
    for (int64_t id : ids) {
      HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, ReadRound(s, id, false));
      out.push_back(std::move(round));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<SubmissionRecord> GatewayStore::Submit(int64_t round_id,
                                                      const NewSubmission& submission,
                                                      absl::Time now,
                                                      const MutationContext& mutation,
                                                      absl::Time deadline) {
  SubmissionRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "SubmitToRound",
                                                     mutation.fingerprint));
    if (prior) {
      HOPTAC_ASSIGN_OR_RETURN(out, ReadSubmission(s, prior->result_id));
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(RoundRecord round, ReadRound(s, round_id, false));
    HOPTAC_ASSIGN_OR_RETURN(LockedUnit unit, LockUnit(s, round_id, submission.unit_code));
    HOPTAC_ASSIGN_OR_RETURN(UnitState next, StateAfterSubmit(unit.state, now, round.deadline));
    const int version = unit.versions + 1;
    sql::PreparedStatement& q = s.Prepare(
        "INSERT INTO submissions (round_id, unit_code, version, snapshot_name, state, "
        "submit_time, content_sha256, snapshot_proto, submitted_by, request_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.setInt64(1, round_id);
    q.setString(2, submission.unit_code);
    q.setInt(3, version);
    q.setString(4, submission.snapshot_name);
    q.setInt(5, static_cast<int>(next));
    q.setString(6, SqlTimestamp(now));
    q.setString(7, submission.content_sha256);
    q.setString(8, absl::Base64Escape(submission.snapshot_bytes));
    q.setString(9, mutation.actor);
    q.setString(10, mutation.request_id);
    q.executeUpdate();
    const int64_t id = LastInsertId(s);
    sql::PreparedStatement& u = s.Prepare(
        version == 1
            ? "UPDATE round_units SET state = ?, versions = ?, first_submit_time = ?, "
              "on_time = ? WHERE round_id = ? AND unit_code = ?"
            : "UPDATE round_units SET state = ?, versions = ? WHERE round_id = ? AND unit_code = ?");
    int i = 1;
    u.setInt(i++, static_cast<int>(next));
    u.setInt(i++, version);
    if (version == 1) {
      u.setString(i++, SqlTimestamp(now));
      u.setBoolean(i++, next == UnitState::kSubmittedOnTime);
    }
    u.setInt64(i++, round_id);
    u.setString(i++, submission.unit_code);
    u.executeUpdate();
    CompleteRequest(s, mutation.request_id, {round_id, id});
    AppendAudit(s, mutation, SubmissionResource(round_id, id));
    HOPTAC_ASSIGN_OR_RETURN(out, ReadSubmission(s, id));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<SubmissionRecord> GatewayStore::ReviewCurrent(int64_t round_id,
                                                             const std::string& unit_code,
                                                             const Review& review, absl::Time now,
                                                             const MutationContext& mutation,
                                                             absl::Time deadline) {
  SubmissionRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id,
                                                     review.accept ? "AcceptSubmission"
                                                                   : "ReturnSubmission",
                                                     mutation.fingerprint));
    if (prior) {
      HOPTAC_ASSIGN_OR_RETURN(out, ReadSubmission(s, prior->result_id));
      return absl::OkStatus();
    }
    HOPTAC_RETURN_IF_ERROR(ReadRound(s, round_id, false).status());
    HOPTAC_ASSIGN_OR_RETURN(LockedUnit unit, LockUnit(s, round_id, unit_code));
    HOPTAC_ASSIGN_OR_RETURN(UnitState next, review.accept ? StateAfterAccept(unit.state)
                                                          : StateAfterReturn(unit.state));
    HOPTAC_ASSIGN_OR_RETURN(int64_t id,
                            CurrentSubmissionId(s, round_id, unit_code, unit.versions));
    sql::PreparedStatement& q = s.Prepare(
        "UPDATE submissions SET state = ?, return_reason = ?, review_time = ?, reviewed_by = ? "
        "WHERE id = ?");
    q.setInt(1, static_cast<int>(next));
    q.setString(2, review.accept ? "" : review.return_reason);
    q.setString(3, SqlTimestamp(now));
    q.setString(4, mutation.actor);
    q.setInt64(5, id);
    q.executeUpdate();
    sql::PreparedStatement& u = s.Prepare(
        review.accept
            ? "UPDATE round_units SET state = ? WHERE round_id = ? AND unit_code = ?"
            : "UPDATE round_units SET state = ?, return_reason = ? WHERE round_id = ? AND "
              "unit_code = ?");
    int i = 1;
    u.setInt(i++, static_cast<int>(next));
    if (!review.accept) u.setString(i++, review.return_reason);
    u.setInt64(i++, round_id);
    u.setString(i++, unit_code);
    u.executeUpdate();
    CompleteRequest(s, mutation.request_id, {round_id, id});
    AppendAudit(s, mutation, SubmissionResource(round_id, id));
    HOPTAC_ASSIGN_OR_RETURN(out, ReadSubmission(s, id));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<SubmissionRecord>> GatewayStore::ListSubmissions(
    int64_t round_id, const std::optional<std::string>& unit_code, int page_size,
    const std::string& after_code, int after_version, bool with_bytes, absl::Time deadline) {
  std::vector<SubmissionRecord> out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    out.clear();
    HOPTAC_RETURN_IF_ERROR(ReadRound(s, round_id, false).status());
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        kSubmissionColumns, with_bytes ? "s.snapshot_proto" : "'' AS snapshot_proto",
        " FROM submissions s WHERE s.round_id = ? AND (? = '' OR s.unit_code = ?) "
        "AND (s.unit_code > ? OR (s.unit_code = ? AND s.version > ?)) "
        "ORDER BY s.unit_code, s.version LIMIT ?"));
    const std::string only = unit_code.value_or("");
    q.setInt64(1, round_id);
    q.setString(2, only);
    q.setString(3, only);
    q.setString(4, after_code);
    q.setString(5, after_code);
    q.setInt(6, after_version);
    q.setInt(7, page_size);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      HOPTAC_ASSIGN_OR_RETURN(SubmissionRecord record, ReadSubmissionRow(*r, with_bytes));
      out.push_back(std::move(record));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<UnitProgress>> GatewayStore::ListProgress(int64_t round_id,
                                                                    absl::Time deadline) {
  std::vector<UnitProgress> out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    out.clear();
    sql::PreparedStatement& q = s.Prepare(
        "SELECT unit_code, state, versions, first_submit_time, on_time, return_reason "
        "FROM round_units WHERE round_id = ? ORDER BY unit_code");
    q.setInt64(1, round_id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      UnitProgress p;
      p.code = r->getString(1);
      HOPTAC_ASSIGN_OR_RETURN(p.state, UnitStateFromNumber(r->getInt(2)));
      p.versions = r->getInt(3);
      if (!r->isNull(4)) p.first_submit_time = ParseSqlTimestamp(std::string(r->getString(4)));
      p.on_time = r->getBoolean(5);
      p.return_reason = r->getString(6);
      out.push_back(std::move(p));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<SubmissionRecord>> GatewayStore::LatestSubmissions(
    int64_t round_id, absl::Time deadline) {
  std::vector<SubmissionRecord> out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    out.clear();
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        kSubmissionColumns,
        "s.snapshot_proto FROM submissions s JOIN round_units u "
        "ON u.round_id = s.round_id AND u.unit_code = s.unit_code "
        "WHERE s.round_id = ? AND s.version = u.versions ORDER BY s.unit_code"));
    q.setInt64(1, round_id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      HOPTAC_ASSIGN_OR_RETURN(SubmissionRecord record, ReadSubmissionRow(*r, true));
      out.push_back(std::move(record));
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace hoptac::gateway
