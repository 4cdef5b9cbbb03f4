// RegistryStore: administrative units.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/registry/registry_store.h"
#include "services/registry/registry_store_sql.h"

namespace hoptac::registry {
namespace {

constexpr char kSelectUnit[] =
    "SELECT u.id, u.code, u.name, u.level, u.kind, COALESCE(p.code, ''), u.valid_from, "
    "u.valid_to FROM org_units u LEFT JOIN org_units p ON p.id = u.parent_id ";

OrgUnitRow ReadUnit(sql::ResultSet& r) {
  OrgUnitRow row;
  row.id = r.getInt64(1);
  row.unit.code = r.getString(2);
  row.unit.name = r.getString(3);
  row.unit.level = static_cast<OrgUnitLevel>(r.getInt(4));
  row.unit.kind = static_cast<OrgUnitKind>(r.getInt(5));
  row.unit.parent_code = r.getString(6);
  const absl::CivilDay from = ParseSqlDate(std::string(r.getString(7)));
  const absl::CivilDay to = ParseSqlDate(std::string(r.getString(8)));
  if (from != kSqlMinDay) row.unit.valid_from = from;
  if (to != kSqlMaxDay) row.unit.valid_to = to;
  return row;
}

// Key of one version of a unit inside a catalog.
using VersionKey = std::pair<std::string, absl::CivilDay>;

VersionKey KeyOf(const AdminUnitRecord& u) {
  return {u.code, u.valid_from.value_or(kSqlMinDay)};
}

bool ValidOn(const AdminUnitRecord& u, absl::CivilDay day) {
  return u.valid_from.value_or(kSqlMinDay) <= day && day <= u.valid_to.value_or(kSqlMaxDay);
}

const AdminUnitRecord* VersionOn(const std::multimap<std::string, const AdminUnitRecord*>& by_code,
                                 const std::string& code, absl::CivilDay day) {
  auto [begin, end] = by_code.equal_range(code);
  for (auto it = begin; it != end; ++it) {
    if (ValidOn(*it->second, day)) return it->second;
  }
  return nullptr;
}

// The version of `code` in the catalog that is valid when `child` begins.
const AdminUnitRecord* ParentOf(const AdminUnitRecord& child,
                                const std::multimap<std::string, const AdminUnitRecord*>& by_code) {
  return VersionOn(by_code, child.parent_code, child.valid_from.value_or(kSqlMinDay));
}

int64_t UpsertUnit(SqlSession& s, const AdminUnitRecord& u, std::optional<int64_t> parent_id) {
  sql::PreparedStatement& upsert = s.Prepare(
      "INSERT INTO org_units (code, name, level, kind, parent_id, valid_from, valid_to) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), "
      "level = VALUES(level), kind = VALUES(kind), parent_id = VALUES(parent_id), "
      "valid_to = VALUES(valid_to), id = LAST_INSERT_ID(id)");
  upsert.setString(1, u.code);
  upsert.setString(2, u.name);
  upsert.setInt(3, static_cast<int>(u.level));
  upsert.setInt(4, static_cast<int>(u.kind));
  if (parent_id.has_value()) {
    upsert.setInt64(5, *parent_id);
  } else {
    upsert.setNull(5, 0);
  }
  upsert.setString(6, SqlDate(u.valid_from.value_or(kSqlMinDay)));
  upsert.setString(7, SqlDate(u.valid_to.value_or(kSqlMaxDay)));
  upsert.executeUpdate();
  return LastInsertId(s);
}

struct ClosureRow {
  int64_t ancestor;
  int64_t descendant;
  int depth;
  bool via_lineage;
};

// Tree pairs first, then lineage pairs that the tree does not already hold.
std::vector<ClosureRow> BuildClosure(const std::vector<int64_t>& ids,
                                     const absl::flat_hash_map<int64_t, int64_t>& parent,
                                     const std::vector<std::pair<int64_t, int64_t>>& lineage) {
  std::vector<ClosureRow> rows;
  std::set<std::pair<int64_t, int64_t>> seen;
  absl::flat_hash_map<int64_t, std::vector<std::pair<int64_t, int>>> ancestors;
  for (const int64_t id : ids) {
    int depth = 0;
    for (int64_t at = id;; ++depth) {
      ancestors[id].push_back({at, depth});
      rows.push_back({at, id, depth, false});
      seen.insert({at, id});
      auto up = parent.find(at);
      if (up == parent.end()) break;
      at = up->second;
    }
  }
  for (const auto& [old_id, new_id] : lineage) {
    for (const auto& [ancestor, depth] : ancestors[new_id]) {
      if (seen.insert({ancestor, old_id}).second) {
        rows.push_back({ancestor, old_id, depth + 1, true});
      }
    }
  }
  return rows;
}

void InsertClosure(SqlSession& s, const std::vector<ClosureRow>& rows) {
  constexpr size_t kBatch = 250;
  for (size_t start = 0; start < rows.size(); start += kBatch) {
    const size_t n = std::min(kBatch, rows.size() - start);
    std::string statement =
        "INSERT INTO org_unit_closure (ancestor_id, descendant_id, depth, via_lineage) VALUES ";
    for (size_t i = 0; i < n; ++i) absl::StrAppend(&statement, i ? "," : "", "(?,?,?,?)");
    sql::PreparedStatement& insert = s.Prepare(statement);
    for (size_t i = 0; i < n; ++i) {
      const ClosureRow& row = rows[start + i];
      const int base = static_cast<int>(4 * i);
      insert.setInt64(base + 1, row.ancestor);
      insert.setInt64(base + 2, row.descendant);
      insert.setInt(base + 3, row.depth);
      insert.setBoolean(base + 4, row.via_lineage);
    }
    insert.executeUpdate();
  }
}

void ReadLineage(SqlSession& s, OrgUnitRow& row) {
  sql::PreparedStatement& predecessors = s.Prepare(
      "SELECT o.code, o.name, l.whole FROM org_unit_lineage l JOIN org_units o ON o.id = "
      "l.old_id WHERE l.new_id = ? ORDER BY o.code");
  predecessors.setInt64(1, row.id);
  std::unique_ptr<sql::ResultSet> p(predecessors.executeQuery());
  while (p->next()) row.predecessors.push_back({p->getString(1), p->getString(2), p->getBoolean(3)});
  sql::PreparedStatement& successors = s.Prepare(
      "SELECT n.code, n.name, l.whole FROM org_unit_lineage l JOIN org_units n ON n.id = "
      "l.new_id WHERE l.old_id = ? ORDER BY n.code");
  successors.setInt64(1, row.id);
  std::unique_ptr<sql::ResultSet> q(successors.executeQuery());
  while (q->next()) row.successors.push_back({q->getString(1), q->getString(2), q->getBoolean(3)});
}

}  // namespace

absl::StatusOr<int64_t> FindOrgUnitId(SqlSession& s, const std::string& code, absl::CivilDay day) {
  sql::PreparedStatement& find = s.Prepare(
      "SELECT id FROM org_units WHERE code = ? AND valid_from <= ? AND valid_to >= ?");
  find.setString(1, code);
  find.setString(2, SqlDate(day));
  find.setString(3, SqlDate(day));
  std::unique_ptr<sql::ResultSet> r(find.executeQuery());
  if (!r->next()) {
    return absl::NotFoundError(
        absl::StrCat("no administrative unit with code ", code, " is valid on ", SqlDate(day)));
  }
  return r->getInt64(1);
}

absl::Status RegistryStore::LoadAdminUnits(const AdminUnitCatalog& catalog,
                                           const std::string& province_code,
                                           const std::string& source_checksum,
                                           absl::Time deadline) {
  return db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    sql::PreparedStatement& loaded = s.Prepare(
        "SELECT source_checksum FROM reference_data_loads WHERE province_code = ? FOR UPDATE");
    loaded.setString(1, province_code);
    std::unique_ptr<sql::ResultSet> previous(loaded.executeQuery());
    if (previous->next() && std::string(previous->getString(1)) == source_checksum) {
      return absl::OkStatus();
    }
    std::multimap<std::string, const AdminUnitRecord*> by_code;
    for (const AdminUnitRecord& u : catalog.units) by_code.emplace(u.code, &u);
    std::map<VersionKey, int64_t> ids;
    absl::flat_hash_map<int64_t, int64_t> parent;
    std::vector<int64_t> ordered;
    for (const AdminUnitRecord& u : catalog.units) {  // parents come first
      std::optional<int64_t> parent_id;
      if (!u.parent_code.empty()) {
        const AdminUnitRecord* p = ParentOf(u, by_code);
        if (p == nullptr || ids.count(KeyOf(*p)) == 0) {
          return absl::FailedPreconditionError(absl::StrCat(
              "admin units: ", u.code, " ", u.name, " has no parent ", u.parent_code,
              " valid when it begins"));
        }
        parent_id = ids[KeyOf(*p)];
      }
      const int64_t id = UpsertUnit(s, u, parent_id);
      ids[KeyOf(u)] = id;
      if (parent_id.has_value()) parent[id] = *parent_id;
      ordered.push_back(id);
    }
    std::vector<std::pair<int64_t, int64_t>> lineage;
    sql::PreparedStatement& link = s.Prepare(
        "INSERT INTO org_unit_lineage (old_id, new_id, whole) VALUES (?, ?, ?) "
        "ON DUPLICATE KEY UPDATE whole = VALUES(whole)");
    for (const AdminUnitLineage& l : catalog.lineage) {
      const AdminUnitRecord* old_unit = VersionOn(by_code, l.old_code, kReformDay - 1);
      const AdminUnitRecord* new_unit = VersionOn(by_code, l.new_code, kReformDay);
      if (old_unit == nullptr || new_unit == nullptr) continue;  // outside this province
      const int64_t old_id = ids[KeyOf(*old_unit)];
      const int64_t new_id = ids[KeyOf(*new_unit)];
      link.setInt64(1, old_id);
      link.setInt64(2, new_id);
      link.setBoolean(3, l.whole);
      link.executeUpdate();
      lineage.push_back({old_id, new_id});
    }
    // Rebuild this province's closure from scratch: its units are all here.
    for (const int64_t id : ordered) {
      sql::PreparedStatement& clear =
          s.Prepare("DELETE FROM org_unit_closure WHERE descendant_id = ?");
      clear.setInt64(1, id);
      clear.executeUpdate();
    }
    InsertClosure(s, BuildClosure(ordered, parent, lineage));
    sql::PreparedStatement& record = s.Prepare(
        "INSERT INTO reference_data_loads (province_code, source_checksum, unit_count) "
        "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE source_checksum = VALUES(source_checksum), "
        "unit_count = VALUES(unit_count), loaded_at = CURRENT_TIMESTAMP(6)");
    record.setString(1, province_code);
    record.setString(2, source_checksum);
    record.setInt(3, static_cast<int>(catalog.units.size()));
    record.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<OrgUnitRow> RegistryStore::GetOrgUnit(const std::string& code, absl::CivilDay as_of,
                                                     absl::Time deadline) {
  OrgUnitRow row;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    sql::PreparedStatement& get = s.Prepare(absl::StrCat(
        kSelectUnit, "WHERE u.code = ? AND u.valid_from <= ? AND u.valid_to >= ?"));
    get.setString(1, code);
    get.setString(2, SqlDate(as_of));
    get.setString(3, SqlDate(as_of));
    std::unique_ptr<sql::ResultSet> r(get.executeQuery());
    if (!r->next()) {
      return absl::NotFoundError(absl::StrCat("orgUnits/", code, ": no unit with this code on ",
                                              SqlDate(as_of)));
    }
    row = ReadUnit(*r);
    ReadLineage(s, row);
    return absl::OkStatus();
  }));
  return row;
}

absl::StatusOr<OrgUnitPage> RegistryStore::ListOrgUnits(const OrgUnitQuery& query,
                                                        absl::Time deadline) {
  OrgUnitPage page;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    const std::string day = SqlDate(query.as_of);
    std::string statement = kSelectUnit;
    int64_t parent_id = 0;
    if (query.parent_code.empty()) {
      absl::StrAppend(&statement, "WHERE u.parent_id IS NULL ");
    } else {
      HOPTAC_ASSIGN_OR_RETURN(parent_id, FindOrgUnitId(s, query.parent_code, query.as_of));
      absl::StrAppend(&statement,
                      query.include_subtree
                          ? "JOIN org_unit_closure c ON c.descendant_id = u.id "
                            "WHERE c.ancestor_id = ? AND c.depth > 0 AND c.via_lineage = 0 "
                          : "WHERE u.parent_id = ? ");
    }
    absl::StrAppend(&statement, "AND u.valid_from <= ? AND u.valid_to >= ? ");
    const bool has_after = query.after.size() == 2;
    if (has_after) absl::StrAppend(&statement, "AND (u.level > ? OR (u.level = ? AND u.code > ?)) ");
    absl::StrAppend(&statement, "ORDER BY u.level, u.code LIMIT ?");
    sql::PreparedStatement& list = s.Prepare(statement);
    int i = 1;
    if (!query.parent_code.empty()) list.setInt64(i++, parent_id);
    list.setString(i++, day);
    list.setString(i++, day);
    if (has_after) {
      int level = 0;
      if (!absl::SimpleAtoi(query.after[0], &level)) {
        return absl::InvalidArgumentError("page_token: malformed");
      }
      list.setInt(i++, level);
      list.setInt(i++, level);
      list.setString(i++, query.after[1]);
    }
    list.setInt(i++, query.page_size + 1);
    std::unique_ptr<sql::ResultSet> r(list.executeQuery());
    while (r->next()) page.units.push_back(ReadUnit(*r));
    if (static_cast<int>(page.units.size()) > query.page_size) {
      page.units.pop_back();
      const AdminUnitRecord& last = page.units.back().unit;
      page.next_after = {absl::StrCat(static_cast<int>(last.level)), last.code};
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<std::vector<std::string>> RegistryStore::ResolveSubtreeCodes(
    const std::string& code, absl::CivilDay day, absl::Time deadline) {
  std::vector<std::string> codes;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    auto unit = FindOrgUnitId(s, code, day);
    if (!unit.ok()) {
      return absl::NotFoundError(absl::StrCat("orgUnits/", code, ": ", unit.status().message()));
    }
    sql::PreparedStatement& q = s.Prepare(
        "SELECT DISTINCT u.code FROM org_unit_closure c JOIN org_units u ON u.id = "
        "c.descendant_id WHERE c.ancestor_id = ? ORDER BY u.code");
    q.setInt64(1, *unit);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) codes.push_back(r->getString(1));
    return absl::OkStatus();
  }));
  return codes;
}

}  // namespace hoptac::registry
