#include "services/report/report_store.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/common/request_log.h"
#include "services/common/status_macros.h"

namespace hoptac::report {
namespace {

std::string Encode(const google::protobuf::Message& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  return absl::Base64Escape(bytes);
}

absl::Status Decode(const std::string& text, google::protobuf::Message& message) {
  std::string bytes;
  if (!absl::Base64Unescape(text, &bytes) || !message.ParseFromString(bytes)) {
    return absl::DataLossError("report store: a stored record does not decode");
  }
  return absl::OkStatus();
}

void SetTime(int64_t micros, google::protobuf::Timestamp* out) {
  out->set_seconds(micros / 1'000'000);
  out->set_nanos(static_cast<int32_t>((micros % 1'000'000) * 1000));
}

int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

// "?, ?, ?" for an IN list of `count` values.
std::string Placeholders(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) absl::StrAppend(&out, i == 0 ? "?" : ", ?");
  return out;
}

void RecordChange(SqlSession& s, const std::string& subject, const char* change_type,
                  int64_t revision, const MutationContext& m) {
  sql::PreparedStatement& q = s.Prepare(
      "INSERT INTO report_changes (subject, change_type, revision, actor, request_id) "
      "VALUES (?, ?, ?, ?, ?)");
  q.setString(1, subject);
  q.setString(2, change_type);
  q.setInt64(3, revision);
  q.setString(4, m.actor);
  q.setString(5, m.request_id);
  q.executeUpdate();
}

// The mutation's audit event, naming `resource`, in the same transaction.
void AppendAudit(SqlSession& s, const MutationContext& m, std::string resource) {
  AuditEvent event = m.audit;
  event.resource = std::move(resource);
  AppendAuditEvent(s, event);
}

std::string TemplateName(const std::string& id, int64_t version) {
  return absl::StrCat("templates/", id, "/versions/", version);
}

absl::StatusOr<v1::ReportTemplate> ReadTemplateRow(sql::ResultSet& r) {
  v1::ReportTemplate t;
  HOPTAC_RETURN_IF_ERROR(Decode(r.getString("content"), t));
  t.set_template_id(r.getString("template_id"));
  t.set_version(r.getInt64("version"));
  t.set_name(TemplateName(t.template_id(), t.version()));
  SetTime(r.getInt64("created_at_us"), t.mutable_create_time());
  return t;
}

constexpr char kSelectTemplate[] =
    "SELECT template_id, version, content, created_at_us FROM template_versions";

void InsertTemplate(SqlSession& s, const v1::ReportTemplate& t, int64_t version) {
  v1::ReportTemplate stored = t;
  stored.clear_name();
  stored.clear_create_time();
  stored.set_version(version);
  sql::PreparedStatement& q = s.Prepare(
      "INSERT INTO template_versions (template_id, version, content, created_at_us) "
      "VALUES (?, ?, ?, ?)");
  q.setString(1, t.template_id());
  q.setInt64(2, version);
  q.setString(3, Encode(stored));
  q.setInt64(4, NowMicros());
  q.executeUpdate();
}

absl::StatusOr<v1::ReportTemplate> ReadTemplate(SqlSession& s, const std::string& id,
                                                int64_t version) {
  sql::PreparedStatement& q =
      version > 0 ? s.Prepare(absl::StrCat(kSelectTemplate, " WHERE template_id = ? AND version = ?"))
                  : s.Prepare(absl::StrCat(kSelectTemplate,
                                           " WHERE template_id = ? ORDER BY version DESC LIMIT 1"));
  q.setString(1, id);
  if (version > 0) q.setInt64(2, version);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) {
    return absl::NotFoundError(version > 0 ? absl::StrCat(TemplateName(id, version), " not found")
                                           : absl::StrCat("templates/", id, " not found"));
  }
  return ReadTemplateRow(*r);
}

constexpr char kSelectDraft[] =
    "SELECT id, revision, content, created_at_us, updated_at_us FROM report_drafts";

absl::StatusOr<v1::ReportDraft> ReadDraftRow(sql::ResultSet& r) {
  v1::ReportDraft d;
  HOPTAC_RETURN_IF_ERROR(Decode(r.getString("content"), d));
  d.set_name(absl::StrCat("reportDrafts/", r.getInt64("id")));
  d.set_etag(absl::StrCat(r.getInt64("revision")));
  SetTime(r.getInt64("created_at_us"), d.mutable_create_time());
  SetTime(r.getInt64("updated_at_us"), d.mutable_update_time());
  return d;
}

absl::StatusOr<v1::ReportDraft> ReadDraft(SqlSession& s, int64_t id, bool for_update) {
  sql::PreparedStatement& q =
      s.Prepare(absl::StrCat(kSelectDraft, " WHERE id = ?", for_update ? " FOR UPDATE" : ""));
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) return absl::NotFoundError(absl::StrCat("reportDrafts/", id, " not found"));
  return ReadDraftRow(*r);
}

// The content column holds only what the client wrote.
std::string DraftContent(v1::ReportDraft draft) {
  draft.clear_name();
  draft.clear_etag();
  draft.clear_create_time();
  draft.clear_update_time();
  return Encode(draft);
}

std::string OrgUnitCode(const v1::ReportDraft& draft) {
  const std::string& unit = draft.org_unit();
  const size_t slash = unit.find('/');
  return slash == std::string::npos ? unit : unit.substr(slash + 1);
}

absl::StatusOr<v1::ReportSnapshot> ReadSnapshot(SqlSession& s, int64_t draft_id,
                                                int64_t snapshot_id) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT id, content FROM report_snapshots WHERE id = ? AND draft_id = ?");
  q.setInt64(1, snapshot_id);
  q.setInt64(2, draft_id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) {
    return absl::NotFoundError(
        absl::StrCat("reportDrafts/", draft_id, "/snapshots/", snapshot_id, " not found"));
  }
  v1::ReportSnapshot snapshot;
  HOPTAC_RETURN_IF_ERROR(Decode(r->getString("content"), snapshot));
  return snapshot;
}

}  // namespace

std::optional<int64_t> RevisionFromEtag(const std::string& etag) {
  int64_t revision = 0;
  if (!absl::SimpleAtoi(etag, &revision) || revision < 1) return std::nullopt;
  return revision;
}

absl::StatusOr<v1::ReportTemplate> ReportStore::CreateTemplateVersion(
    const v1::ReportTemplate& t, const MutationContext& m, absl::Time deadline) {
  v1::ReportTemplate out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior,
                            ClaimRequest(s, m.request_id, "CreateTemplateVersion", m.fingerprint));
    int64_t version = 0;
    if (prior) {
      version = prior->result_id;
    } else {
      sql::PreparedStatement& q = s.Prepare(
          "SELECT COALESCE(MAX(version), 0) FROM template_versions WHERE template_id = ? "
          "FOR UPDATE");
      q.setString(1, t.template_id());
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      r->next();
      version = r->getInt64(1) + 1;
      InsertTemplate(s, t, version);
      RecordChange(s, TemplateName(t.template_id(), version), "template_version_created", version,
                   m);
      AppendAudit(s, m, TemplateName(t.template_id(), version));
      CompleteRequest(s, m.request_id, {version, version});
    }
    HOPTAC_ASSIGN_OR_RETURN(out, ReadTemplate(s, t.template_id(), version));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<bool> ReportStore::EnsureTemplateVersion(const v1::ReportTemplate& t,
                                                        absl::Time deadline) {
  bool stored = false;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    stored = false;
    sql::PreparedStatement& q = s.Prepare(
        "SELECT 1 FROM template_versions WHERE template_id = ? AND version = ? FOR UPDATE");
    q.setString(1, t.template_id());
    q.setInt64(2, t.version());
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (r->next()) return absl::OkStatus();
    InsertTemplate(s, t, t.version());
    RecordChange(s, TemplateName(t.template_id(), t.version()), "template_version_created",
                 t.version(), MutationContext{"start-up", "", "", AuditEvent()});
    stored = true;
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<v1::ReportTemplate> ReportStore::GetTemplate(const std::string& template_id,
                                                            int64_t version,
                                                            absl::Time deadline) {
  v1::ReportTemplate out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(out, ReadTemplate(s, template_id, version));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<TemplatePage> ReportStore::ListTemplates(const std::string& after_id,
                                                        int page_size, absl::Time deadline) {
  TemplatePage page;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    page = TemplatePage();
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        kSelectTemplate,
        " t WHERE template_id > ? AND version = (SELECT MAX(version) FROM template_versions v "
        "WHERE v.template_id = t.template_id) ORDER BY template_id LIMIT ?"));
    q.setString(1, after_id);
    q.setInt(2, page_size + 1);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      if (static_cast<int>(page.templates.size()) == page_size) {
        page.next_after_id = page.templates.back().template_id();
        break;
      }
      HOPTAC_ASSIGN_OR_RETURN(auto t, ReadTemplateRow(*r));
      page.templates.push_back(std::move(t));
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<v1::ReportDraft> ReportStore::CreateDraft(const v1::ReportDraft& draft,
                                                         const MutationContext& m,
                                                         absl::Time deadline) {
  v1::ReportDraft out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior,
                            ClaimRequest(s, m.request_id, "CreateReportDraft", m.fingerprint));
    int64_t id = 0;
    if (prior) {
      id = prior->resource_id;
    } else {
      const int64_t now = NowMicros();
      sql::PreparedStatement& q = s.Prepare(
          "INSERT INTO report_drafts (org_unit_code, revision, content, created_at_us, "
          "updated_at_us) VALUES (?, 1, ?, ?, ?)");
      q.setString(1, OrgUnitCode(draft));
      q.setString(2, DraftContent(draft));
      q.setInt64(3, now);
      q.setInt64(4, now);
      q.executeUpdate();
      id = LastInsertId(s);
      RecordChange(s, absl::StrCat("reportDrafts/", id), "draft_created", 1, m);
      AppendAudit(s, m, absl::StrCat("reportDrafts/", id));
      CompleteRequest(s, m.request_id, {id, id});
    }
    HOPTAC_ASSIGN_OR_RETURN(out, ReadDraft(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::ReportDraft> ReportStore::GetDraft(int64_t id, absl::Time deadline) {
  v1::ReportDraft out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(out, ReadDraft(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<DraftPage> ReportStore::ListDrafts(const std::vector<std::string>& org_unit_codes,
                                                  std::optional<int64_t> before_id,
                                                  int page_size, absl::Time deadline) {
  DraftPage page;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    page = DraftPage();
    std::string unit_filter;
    if (!org_unit_codes.empty()) {
      unit_filter = absl::StrCat(
          " AND org_unit_code IN (", Placeholders(static_cast<int>(org_unit_codes.size())), ")");
    }
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        kSelectDraft, " WHERE id < ?", unit_filter, " ORDER BY id DESC LIMIT ?"));
    int parameter = 1;
    q.setInt64(parameter++, before_id.value_or(INT64_MAX));
    for (const std::string& code : org_unit_codes) q.setString(parameter++, code);
    q.setInt(parameter, page_size + 1);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    int64_t last_id = 0;
    while (r->next()) {
      if (static_cast<int>(page.drafts.size()) == page_size) {
        page.next_before_id = last_id;
        break;
      }
      last_id = r->getInt64("id");
      HOPTAC_ASSIGN_OR_RETURN(auto d, ReadDraftRow(*r));
      page.drafts.push_back(std::move(d));
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<v1::ReportDraft> ReportStore::UpdateDraft(
    int64_t id, const std::string& etag,
    const std::function<absl::Status(v1::ReportDraft&)>& change, const MutationContext& m,
    absl::Time deadline) {
  v1::ReportDraft out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(v1::ReportDraft current, ReadDraft(s, id, true));
    if (!etag.empty() && etag != current.etag()) {
      return absl::AbortedError(absl::StrCat("reportDrafts/", id, ": etag \"", etag,
                                             "\" is stale; the draft is at \"", current.etag(),
                                             "\""));
    }
    const int64_t revision = RevisionFromEtag(current.etag()).value_or(0) + 1;
    HOPTAC_RETURN_IF_ERROR(change(current));
    sql::PreparedStatement& q = s.Prepare(
        "UPDATE report_drafts SET org_unit_code = ?, content = ?, revision = ?, "
        "updated_at_us = ? WHERE id = ?");
    q.setString(1, OrgUnitCode(current));
    q.setString(2, DraftContent(current));
    q.setInt64(3, revision);
    q.setInt64(4, NowMicros());
    q.setInt64(5, id);
    q.executeUpdate();
    RecordChange(s, absl::StrCat("reportDrafts/", id), "draft_updated", revision, m);
    AppendAudit(s, m, absl::StrCat("reportDrafts/", id));
    HOPTAC_ASSIGN_OR_RETURN(out, ReadDraft(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::ReportSnapshot> ReportStore::CreateSnapshot(
    int64_t draft_id, int64_t draft_revision, const v1::ReportSnapshot& snapshot,
    const MutationContext& m, absl::Time deadline) {
  v1::ReportSnapshot out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior,
                            ClaimRequest(s, m.request_id, "SubmitReport", m.fingerprint));
    if (prior) {
      HOPTAC_ASSIGN_OR_RETURN(out, ReadSnapshot(s, prior->resource_id, prior->result_id));
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(v1::ReportDraft current, ReadDraft(s, draft_id, true));
    if (current.etag() != absl::StrCat(draft_revision)) {
      return absl::AbortedError(absl::StrCat("reportDrafts/", draft_id,
                                             " changed while it was assembled; submit again"));
    }
    const int64_t now = NowMicros();
    sql::PreparedStatement& insert = s.Prepare(
        "INSERT INTO report_snapshots (draft_id, draft_revision, content_sha256, content, "
        "submitted_at_us, actor) VALUES (?, ?, ?, '', ?, ?)");
    insert.setInt64(1, draft_id);
    insert.setInt64(2, draft_revision);
    insert.setString(3, snapshot.content_sha256());
    insert.setInt64(4, now);
    insert.setString(5, m.actor);
    insert.executeUpdate();
    const int64_t id = LastInsertId(s);
    out = snapshot;
    out.set_name(absl::StrCat("reportDrafts/", draft_id, "/snapshots/", id));
    SetTime(now, out.mutable_submit_time());
    sql::PreparedStatement& fill =
        s.Prepare("UPDATE report_snapshots SET content = ? WHERE id = ?");
    fill.setString(1, Encode(out));
    fill.setInt64(2, id);
    fill.executeUpdate();
    RecordChange(s, out.name(), "report_submitted", draft_revision, m);
    AppendAudit(s, m, out.name());
    CompleteRequest(s, m.request_id, {draft_id, id});
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::optional<v1::ReportSnapshot>> ReportStore::PriorSubmission(
    const std::string& request_id, const std::string& fingerprint, absl::Time deadline) {
  std::optional<v1::ReportSnapshot> out;
  if (request_id.empty()) return out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    out.reset();
    sql::PreparedStatement& q = s.Prepare(
        "SELECT method, fingerprint, resource_id, result_id FROM request_log WHERE request_id = ?");
    q.setString(1, request_id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (!r->next()) return absl::OkStatus();
    if (r->getString("method") != "SubmitReport" || r->getString("fingerprint") != fingerprint) {
      return absl::AlreadyExistsError(
          absl::StrCat("request_id: \"", request_id, "\" was used for a different request"));
    }
    HOPTAC_ASSIGN_OR_RETURN(out, ReadSnapshot(s, r->getInt64("resource_id"),
                                              r->getInt64("result_id")));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::ReportSnapshot> ReportStore::GetSnapshot(int64_t draft_id,
                                                            int64_t snapshot_id,
                                                            absl::Time deadline) {
  v1::ReportSnapshot out;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(out, ReadSnapshot(s, draft_id, snapshot_id));
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace hoptac::report
