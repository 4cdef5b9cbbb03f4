#include "services/outreach/outreach_store.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/request_log.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"

namespace hoptac::outreach {
namespace {

constexpr int kFirstEventKind = 4;  // ACTIVITY_KIND_CONFERENCE .. PROMOTION


std::string Placeholders(size_t n) {
  std::vector<std::string> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

void InsertList(SqlSession& s, int64_t id, const char* list,
                const std::vector<std::string>& values) {
  sql::PreparedStatement& q = s.Prepare(
      "INSERT INTO activity_list_entries (activity_id, list, position, value) "
      "VALUES (?, ?, ?, ?)");
  for (size_t i = 0; i < values.size(); ++i) {
    q.setInt64(1, id);
    q.setString(2, list);
    q.setInt(3, static_cast<int>(i));
    q.setString(4, values[i]);
    q.executeUpdate();
  }
}

// Writes the child rows (topics, participants, lists) of activity `id`.
void InsertChildren(SqlSession& s, int64_t id, const ActivityFields& f) {
  sql::PreparedStatement& t =
      s.Prepare("INSERT INTO activity_topics (activity_id, topic) VALUES (?, ?)");
  for (int topic : f.topics) {
    t.setInt64(1, id);
    t.setInt(2, topic);
    t.executeUpdate();
  }
  sql::PreparedStatement& p = s.Prepare(
      "INSERT INTO activity_participants (activity_id, kind, value, qualifier) "
      "VALUES (?, ?, ?, ?)");
  for (const ParticipantCount& c : f.participants) {
    p.setInt64(1, id);
    p.setInt(2, c.kind);
    p.setInt64(3, c.count.value);
    p.setInt(4, static_cast<int>(c.count.qualifier));
    p.executeUpdate();
  }
  InsertList(s, id, "co_organizer", f.co_organizers);
  InsertList(s, id, "document_reference", f.document_references);
  InsertList(s, id, "cooperative", f.cooperative_registration_numbers);
}

void DeleteChildren(SqlSession& s, int64_t id) {
  for (const char* table : {"activity_topics", "activity_participants", "activity_list_entries"}) {
    sql::PreparedStatement& q =
        s.Prepare(absl::StrCat("DELETE FROM ", table, " WHERE activity_id = ?"));
    q.setInt64(1, id);
    q.executeUpdate();
  }
}

void BindMain(sql::PreparedStatement& q, const ActivityFields& f) {
  q.setInt(1, f.kind);
  q.setInt(2, f.channel);
  q.setString(3, f.title);
  q.setString(4, f.org_unit_code);
  q.setString(5, SqlDate(f.start_date));
  q.setString(6, SqlDate(f.end_date));
  q.setString(7, f.location);
  q.setInt64(8, f.quantity);
}

int64_t InsertActivity(SqlSession& s, const ActivityFields& f) {
  sql::PreparedStatement& q = s.Prepare(
      "INSERT INTO activities (kind, channel, title, org_unit_code, start_date, end_date, "
      "location, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  BindMain(q, f);
  q.executeUpdate();
  const int64_t id = LastInsertId(s);
  InsertChildren(s, id, f);
  return id;
}

void RecordChange(SqlSession& s, int64_t id, const char* type, int64_t revision,
                  const MutationContext& m, const std::string& reason) {
  sql::PreparedStatement& q = s.Prepare(
      "INSERT INTO activity_changes (activity_id, change_type, revision, actor, request_id, "
      "reason) VALUES (?, ?, ?, ?, ?, ?)");
  q.setInt64(1, id);
  q.setString(2, type);
  q.setInt64(3, revision);
  q.setString(4, m.actor);
  q.setString(5, m.request_id);
  q.setString(6, reason);
  q.executeUpdate();
}

// SUM(column), capped just above kMaxCount so that it always fits an int64
// (a sum is a DECIMAL in SQL).
std::string CappedSum(absl::string_view column) {
  return absl::StrCat("CAST(LEAST(SUM(", column, "), ", kMaxCount + 1, ") AS SIGNED)");
}

// The bound every count and sum keeps (qualified_count.h).
absl::StatusOr<int64_t> CheckedSum(int64_t sum, absl::string_view what) {
  if (sum > kMaxCount) {
    return absl::OutOfRangeError(
        absl::StrCat("statistics: the sum of ", what, " exceeds ", kMaxCount));
  }
  return sum;
}

std::string ActivityName(int64_t id) { return absl::StrCat("activities/", id); }

// The change's audit event, with the resource it made or changed, in the
// change's transaction.
void AppendAudit(SqlSession& s, const MutationContext& m, std::string resource) {
  if (!m.audit) return;
  AuditEvent event = *m.audit;
  event.resource = std::move(resource);
  AppendAuditEvent(s, event);
}

constexpr char kSelectActivity[] =
    "SELECT id, kind, channel, title, org_unit_code, start_date, end_date, location, quantity, "
    "revision, deleted_at IS NOT NULL FROM activities";

ActivityRecord ReadMain(sql::ResultSet& r) {
  ActivityRecord a;
  a.id = r.getInt64(1);
  a.fields.kind = r.getInt(2);
  a.fields.channel = r.getInt(3);
  a.fields.title = r.getString(4);
  a.fields.org_unit_code = r.getString(5);
  a.fields.start_date = ParseSqlDate(std::string(r.getString(6)));
  a.fields.end_date = ParseSqlDate(std::string(r.getString(7)));
  a.fields.location = r.getString(8);
  a.fields.quantity = r.getInt64(9);
  a.revision = r.getInt64(10);
  a.deleted = r.getBoolean(11);
  return a;
}

// Fills topics, participants and lists of `records` (3 queries for all).
void ReadChildren(SqlSession& s, std::vector<ActivityRecord>& records) {
  if (records.empty()) return;
  std::map<int64_t, ActivityRecord*> by_id;
  for (ActivityRecord& a : records) by_id[a.id] = &a;
  const std::string in = Placeholders(records.size());
  auto bind = [&](sql::PreparedStatement& q) {
    int i = 1;
    for (const auto& [id, _] : by_id) q.setInt64(i++, id);
  };
  {
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        "SELECT activity_id, topic FROM activity_topics WHERE activity_id IN (", in,
        ") ORDER BY activity_id, topic"));
    bind(q);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) by_id[r->getInt64(1)]->fields.topics.push_back(r->getInt(2));
  }
  {
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        "SELECT activity_id, kind, value, qualifier FROM activity_participants "
        "WHERE activity_id IN (", in, ") ORDER BY activity_id, kind"));
    bind(q);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      by_id[r->getInt64(1)]->fields.participants.push_back(
          {r->getInt(2), {r->getInt64(3), static_cast<CountQualifier>(r->getInt(4))}});
    }
  }
  {
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        "SELECT activity_id, list, value FROM activity_list_entries WHERE activity_id IN (", in,
        ") ORDER BY activity_id, list, position"));
    bind(q);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      ActivityFields& f = by_id[r->getInt64(1)]->fields;
      const std::string list = r->getString(2);
      std::string value = r->getString(3);
      if (list == "co_organizer") {
        f.co_organizers.push_back(std::move(value));
      } else if (list == "document_reference") {
        f.document_references.push_back(std::move(value));
      } else {
        f.cooperative_registration_numbers.push_back(std::move(value));
      }
    }
  }
}

absl::StatusOr<ActivityRecord> ReadActivity(SqlSession& s, int64_t id, bool for_update) {
  sql::PreparedStatement& q = s.Prepare(
      absl::StrCat(kSelectActivity, " WHERE id = ?", for_update ? " FOR UPDATE" : ""));
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) return absl::NotFoundError(absl::StrCat("activities/", id, " not found"));
  std::vector<ActivityRecord> one{ReadMain(*r)};
  ReadChildren(s, one);
  return one.front();
}

// Locks a live activity and checks its revision.
absl::StatusOr<ActivityRecord> LockForChange(SqlSession& s, int64_t id,
                                             std::optional<int64_t> expected_revision) {
  HOPTAC_ASSIGN_OR_RETURN(ActivityRecord current, ReadActivity(s, id, /*for_update=*/true));
  if (current.deleted) return absl::NotFoundError(absl::StrCat("activities/", id, " is deleted"));
  if (expected_revision && *expected_revision != current.revision) {
    return absl::AbortedError(absl::StrCat("etag: activities/", id, " changed since it was read",
                                           " (now ", current.revision, ")"));
  }
  return current;
}

}  // namespace

absl::StatusOr<ActivityRecord> OutreachStore::CreateActivity(const ActivityFields& fields,
                                                             const MutationContext& mutation,
                                                             absl::Time deadline) {
  ActivityRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "CreateActivity",
                                                     mutation.fingerprint));
    int64_t id = 0;
    if (prior) {
      id = prior->resource_id;
    } else {
      id = InsertActivity(s, fields);
      RecordChange(s, id, "created", 1, mutation, "");
      AppendAudit(s, mutation, ActivityName(id));
      CompleteRequest(s, mutation.request_id, {id, id});
    }
    HOPTAC_ASSIGN_OR_RETURN(out, ReadActivity(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<ActivityRecord> OutreachStore::GetActivity(int64_t id, bool show_deleted,
                                                          absl::Time deadline) {
  ActivityRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(out, ReadActivity(s, id, false));
    return absl::OkStatus();
  }));
  if (out.deleted && !show_deleted) {
    return absl::NotFoundError(absl::StrCat("activities/", id, " is deleted"));
  }
  return out;
}

absl::StatusOr<ActivityRecord> OutreachStore::UpdateActivity(
    int64_t id, const ActivityFields& fields, std::optional<int64_t> expected_revision,
    const MutationContext& mutation, absl::Time deadline) {
  ActivityRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(ActivityRecord current, LockForChange(s, id, expected_revision));
    sql::PreparedStatement& q = s.Prepare(
        "UPDATE activities SET kind = ?, channel = ?, title = ?, org_unit_code = ?, "
        "start_date = ?, end_date = ?, location = ?, quantity = ?, revision = revision + 1 "
        "WHERE id = ?");
    BindMain(q, fields);
    q.setInt64(9, id);
    q.executeUpdate();
    DeleteChildren(s, id);
    InsertChildren(s, id, fields);
    RecordChange(s, id, "updated", current.revision + 1, mutation, "");
    AppendAudit(s, mutation, ActivityName(id));
    HOPTAC_ASSIGN_OR_RETURN(out, ReadActivity(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<ActivityRecord> OutreachStore::DeleteActivity(
    int64_t id, std::optional<int64_t> expected_revision, const std::string& reason,
    const MutationContext& mutation, absl::Time deadline) {
  ActivityRecord out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(ActivityRecord current, LockForChange(s, id, expected_revision));
    sql::PreparedStatement& q = s.Prepare(
        "UPDATE activities SET deleted_at = CURRENT_TIMESTAMP(6), revision = revision + 1 "
        "WHERE id = ?");
    q.setInt64(1, id);
    q.executeUpdate();
    RecordChange(s, id, "deleted", current.revision + 1, mutation, reason);
    AppendAudit(s, mutation, ActivityName(id));
    HOPTAC_ASSIGN_OR_RETURN(out, ReadActivity(s, id, false));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<ActivityRecord>> OutreachStore::ImportActivities(
    const std::vector<ActivityFields>& rows, const MutationContext& mutation,
    absl::Time deadline) {
  std::vector<ActivityRecord> out;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    out.clear();
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "ImportActivities",
                                                     mutation.fingerprint));
    if (!prior) {
      int64_t first = 0, last = 0;
      for (size_t i = 0; i < rows.size(); ++i) {
        const int64_t id = InsertActivity(s, rows[i]);
        RecordChange(s, id, "imported", 1, mutation, "");
        if (i == 0) first = id;
        last = id;
        sql::PreparedStatement& q = s.Prepare(absl::StrCat(kSelectActivity, " WHERE id = ?"));
        q.setInt64(1, id);
        std::unique_ptr<sql::ResultSet> r(q.executeQuery());
        if (r->next()) out.push_back(ReadMain(*r));
      }
      AppendAudit(s, mutation,
                  first == last ? ActivityName(first)
                                : absl::StrCat(ActivityName(first), "..", last));
      CompleteRequest(s, mutation.request_id, {first, last});
    } else {
      // A retry (request_id is set): the rows this request imported.
      sql::PreparedStatement& q = s.Prepare(absl::StrCat(
          kSelectActivity, " WHERE id IN (SELECT activity_id FROM activity_changes "
                           "WHERE change_type = 'imported' AND request_id = ? AND activity_id "
                           "BETWEEN ? AND ?) ORDER BY id"));
      q.setString(1, mutation.request_id);
      q.setInt64(2, prior->resource_id);
      q.setInt64(3, prior->result_id);
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      while (r->next()) out.push_back(ReadMain(*r));
    }
    ReadChildren(s, out);
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<ActivityPage> OutreachStore::ListActivities(const ActivityFilter& filter,
                                                          absl::Time deadline) {
  ActivityPage page;
  if (filter.org_unit_codes && filter.org_unit_codes->empty()) return page;
  std::vector<std::string> where = {"a.deleted_at IS NULL", "a.id > ?"};
  if (filter.org_unit_codes) {
    where.push_back(
        absl::StrCat("a.org_unit_code IN (", Placeholders(filter.org_unit_codes->size()), ")"));
  }
  if (filter.period) where.push_back("a.start_date BETWEEN ? AND ?");
  if (filter.kind) where.push_back("a.kind = ?");
  if (filter.channel) where.push_back("a.channel = ?");
  if (filter.topic) {
    where.push_back("EXISTS (SELECT 1 FROM activity_topics t WHERE t.activity_id = a.id "
                    "AND t.topic = ?)");
  }
  const std::string statement =
      absl::StrCat("SELECT a.id, a.kind, a.channel, a.title, a.org_unit_code, a.start_date, "
                   "a.end_date, a.location, a.quantity, a.revision, a.deleted_at IS NOT NULL "
                   "FROM activities a WHERE ",
                   absl::StrJoin(where, " AND "), " ORDER BY a.id LIMIT ?");
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    page.activities.clear();
    sql::PreparedStatement& q = s.Prepare(statement);
    int i = 1;
    q.setInt64(i++, filter.after_id);
    if (filter.org_unit_codes) {
      for (const std::string& code : *filter.org_unit_codes) q.setString(i++, code);
    }
    if (filter.period) {
      q.setString(i++, SqlDate(filter.period->start));
      q.setString(i++, SqlDate(filter.period->end));
    }
    if (filter.kind) q.setInt(i++, filter.kind);
    if (filter.channel) q.setInt(i++, filter.channel);
    if (filter.topic) q.setInt(i++, filter.topic);
    q.setInt(i++, filter.page_size + 1);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) page.activities.push_back(ReadMain(*r));
    page.next_after_id = 0;
    if (static_cast<int>(page.activities.size()) > filter.page_size) {
      page.activities.pop_back();
      page.next_after_id = page.activities.back().id;
    }
    ReadChildren(s, page.activities);
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<OutreachStatistics> OutreachStore::GetStatistics(
    const std::vector<std::string>& org_unit_codes, const Period& period, absl::Time deadline) {
  OutreachStatistics out;
  if (org_unit_codes.empty()) return out;
  const std::string scope =
      absl::StrCat("a.deleted_at IS NULL AND a.start_date BETWEEN ? AND ? AND a.org_unit_code IN (",
                   Placeholders(org_unit_codes.size()), ")");
  auto bind_scope = [&](sql::PreparedStatement& q) {
    q.setString(1, SqlDate(period.start));
    q.setString(2, SqlDate(period.end));
    int i = 3;
    for (const std::string& code : org_unit_codes) q.setString(i++, code);
  };
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    out = {};
    {
      sql::PreparedStatement& q = s.Prepare(absl::StrCat(
          "SELECT a.kind, a.channel, t.topic, ", CappedSum("a.quantity"),
          ", COUNT(*) FROM activities a "
          "JOIN activity_topics t ON t.activity_id = a.id WHERE ", scope,
          " GROUP BY a.kind, a.channel, t.topic ORDER BY a.kind, a.channel, t.topic"));
      bind_scope(q);
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      while (r->next()) {
        HOPTAC_ASSIGN_OR_RETURN(int64_t quantity, CheckedSum(r->getInt64(4), "quantity"));
        out.quantities.push_back(
            {r->getInt(1), r->getInt(2), r->getInt(3), quantity, r->getInt64(5)});
      }
    }
    {
      // Weakness: exact (1) -> 0, over (3) -> 1, about (2) -> 2; the sum keeps
      // the weakest (qualified_count.h).
      sql::PreparedStatement& q = s.Prepare(absl::StrCat(
          "SELECT p.kind, ", CappedSum("p.value"), ", "
          "MAX(CASE p.qualifier WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END) "
          "FROM activities a JOIN activity_participants p ON p.activity_id = a.id WHERE ",
          scope, " GROUP BY p.kind ORDER BY p.kind"));
      bind_scope(q);
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      while (r->next()) {
        const int weakness = r->getInt(3);
        const CountQualifier qualifier = weakness == 0   ? CountQualifier::kExact
                                         : weakness == 1 ? CountQualifier::kOver
                                                         : CountQualifier::kAbout;
        HOPTAC_ASSIGN_OR_RETURN(int64_t value, CheckedSum(r->getInt64(2), "participants"));
        out.participants[r->getInt(1)] = {value, qualifier};
      }
    }
    {
      sql::PreparedStatement& q = s.Prepare(absl::StrCat(
          "SELECT a.id, a.kind, a.channel, a.title, a.org_unit_code, a.start_date, a.end_date, "
          "a.location, a.quantity, a.revision, a.deleted_at IS NOT NULL FROM activities a "
          "WHERE ", scope, " AND a.kind >= ", kFirstEventKind, " ORDER BY a.start_date, a.id"));
      bind_scope(q);
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      while (r->next()) out.events.push_back(ReadMain(*r));
      ReadChildren(s, out.events);
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace hoptac::outreach
