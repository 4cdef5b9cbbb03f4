#include "bench/province_dataset.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "services/common/migrations.h"
#include "services/common/period.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/outreach/outreach_migrations.h"
#include "services/outreach/outreach_store.h"
#include "services/subsidy/subsidy_migrations.h"
#include "services/subsidy/subsidy_store.h"

namespace hoptac::bench {
namespace {

constexpr absl::CivilDay kFirstDay{2022, 7, 1};
constexpr absl::CivilDay kLastDay{2024, 6, 30};
constexpr size_t kRowsPerInsert = 500;

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
  int64_t Between(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(engine_);
  }
  absl::CivilDay DayBetween(absl::CivilDay lo, absl::CivilDay hi) {
    return lo + Between(0, hi - lo);
  }
  // An index drawn with the given weights.
  size_t Weighted(const std::vector<int>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int64_t roll = Between(1, total);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (roll <= weights[i]) return i;
      roll -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 engine_;
};

using SqlValue = std::variant<int64_t, std::string, std::nullptr_t>;
using Row = std::vector<SqlValue>;

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

void InsertRows(SqlSession& s, const Table& table) {
  const std::string tuple = absl::StrCat(
      "(", absl::StrJoin(std::vector<std::string>(table.columns.size(), "?"), ", "), ")");
  for (size_t begin = 0; begin < table.rows.size(); begin += kRowsPerInsert) {
    const size_t end = std::min(table.rows.size(), begin + kRowsPerInsert);
    sql::PreparedStatement& insert = s.Prepare(absl::StrCat(
        "INSERT INTO ", table.name, " (", absl::StrJoin(table.columns, ", "), ") VALUES ",
        absl::StrJoin(std::vector<std::string>(end - begin, tuple), ", ")));
    int index = 1;
    for (size_t r = begin; r < end; ++r) {
      for (const SqlValue& value : table.rows[r]) {
        if (const auto* i = std::get_if<int64_t>(&value)) {
          insert.setInt64(index++, *i);
        } else if (const auto* text = std::get_if<std::string>(&value)) {
          insert.setString(index++, *text);
        } else {
          insert.setNull(index++, 0);
        }
      }
    }
    insert.executeUpdate();
  }
}

std::string Day(absl::CivilDay d) { return SqlDate(d); }

bool In2023(absl::CivilDay d) {
  return d >= absl::CivilDay(2023, 1, 1) && d <= absl::CivilDay(2023, 12, 31);
}

struct ProgramSpec {
  const char* code;
  const char* title;
  int support_kind;  // subsidy::SupportKind
  int fund_source;   // subsidy::FundSource
};

// The province's support programs (Plan 115 and the resolutions it cites).
const std::vector<ProgramSpec>& Programs() {
  static const auto* const kPrograms = new std::vector<ProgramSpec>{
      {"NQ08-THANHLAP", "Hỗ trợ thành lập mới hợp tác xã", 1, 2},
      {"NQ08-LAIVAY", "Hỗ trợ lãi suất vay vốn", 2, 2},
      {"QD1804-TRETHAMGIA", "Đưa lao động trẻ về làm việc tại hợp tác xã", 3, 1},
      {"NQ08-TRETHAMGIA", "Lao động trẻ tại hợp tác xã (ngân sách tỉnh)", 3, 2},
      {"OCOP-2023", "Chương trình OCOP", 4, 2},
      {"XTTM-2023", "Xúc tiến thương mại, mở rộng thị trường", 5, 2},
      {"KC-DP", "Khuyến công địa phương", 6, 3},
      {"KC-QG", "Khuyến công quốc gia", 6, 1},
      {"DAT-2023", "Hỗ trợ tiếp cận đất đai", 7, 2},
      {"DAOTAO-2023", "Đào tạo, bồi dưỡng nguồn nhân lực", 8, 1},
      {"DAOTAO-DP", "Bồi dưỡng cán bộ hợp tác xã", 8, 3},
      {"KHAC-DP", "Hỗ trợ khác", 9, 3},
  };
  return *kPrograms;
}

struct Beneficiary {
  int64_t id;
  int kind;
  std::string unit;
};

// Subsidy rows; fills the subsidy part of `counts`.
std::vector<Table> SubsidyRows(const ProvinceScale& scale,
                               const std::vector<SyntheticCooperative>& cooperatives,
                               const std::vector<std::string>& communes, ProvinceCounts& counts) {
  Random random(20230115 + static_cast<uint64_t>(scale.grants));
  Table programs{"programs",
                 {"id", "code", "title", "legal_basis", "support_kind", "fund_source",
                  "org_unit_code", "eligible_kinds", "cap_per_beneficiary_dong", "valid_from",
                  "valid_to"},
                 {}};
  const auto& specs = Programs();
  for (size_t i = 0; i < specs.size(); ++i) {
    programs.rows.push_back(
        {int64_t(i + 1), std::string(specs[i].code), std::string(specs[i].title),
         std::string("Nghị quyết số 08/2019/NQ-HĐND\nKế hoạch số 115/KH-UBND ngày 15/5/2023"),
         int64_t(specs[i].support_kind), int64_t(specs[i].fund_source), std::string("20"),
         std::string("1,2,3,4,5"), int64_t(500'000'000), std::string("2021-01-01"),
         std::string("2025-12-31")});
  }
  Table beneficiaries{"beneficiaries",
                      {"id", "kind", "registration_number", "tax_code", "id_number",
                       "display_name", "org_unit_code"},
                      {}};
  std::vector<Beneficiary> all;
  for (const SyntheticCooperative& c : cooperatives) {
    const int64_t id = static_cast<int64_t>(all.size()) + 1;
    const int kind = static_cast<int>(c.fields.kind);  // 1..3 as BeneficiaryKind
    all.push_back({id, kind, c.fields.org_unit_code});
    beneficiaries.rows.push_back({id, int64_t(kind), c.fields.registration_number, nullptr,
                                  nullptr, c.fields.display_name, c.fields.org_unit_code});
  }
  const int households = 3'000;
  for (int h = 0; h < households; ++h) {
    const int64_t id = static_cast<int64_t>(all.size()) + 1;
    const std::string& unit = communes[static_cast<size_t>(h) % communes.size()];
    all.push_back({id, 4, unit});
    beneficiaries.rows.push_back({id, int64_t(4), nullptr, nullptr,
                                  absl::StrFormat("0200%08d", h + 1),
                                  absl::StrCat("Hộ kinh doanh số ", h + 1), unit});
  }
  Table grants{"grants",
               {"id", "program_id", "beneficiary_id", "beneficiary_kind", "org_unit_code",
                "fiscal_year", "project_title", "application_date", "requested_dong", "state",
                "decision_number", "decision_date", "approved_dong", "reason",
                "disbursed_net_dong"},
               {}};
  Table ledger{"ledger_entries",
               {"id", "grant_id", "kind", "amount_dong", "entry_date", "reversed_entry_id",
                "note", "actor", "request_id"},
               {}};
  struct Approved {
    int64_t id;
    int64_t approved;
    absl::CivilDay decided;
    size_t row;  // in grants.rows
  };
  std::vector<Approved> approved;
  std::map<std::pair<int64_t, int64_t>, int64_t> budget_used;  // (program, year) -> approved
  for (int g = 0; g < scale.grants; ++g) {
    const int64_t id = g + 1;
    const Beneficiary& b = all[static_cast<size_t>(random.Between(0, int64_t(all.size()) - 1))];
    const int64_t program = random.Between(1, static_cast<int64_t>(specs.size()));
    const absl::CivilDay applied = random.DayBetween(kFirstDay, kLastDay);
    const int64_t requested = random.Between(20, 500) * 1'000'000;
    const size_t outcome = random.Weighted({75, 15, 10});  // approved, rejected, pending
    Row row{id, program, b.id, int64_t(b.kind), b.unit, int64_t(applied.year()),
            absl::StrCat("Dự án hỗ trợ số ", id), Day(applied), requested};
    if (In2023(applied)) ++counts.applications_2023;
    if (outcome == 0) {
      const absl::CivilDay decided = applied + random.Between(15, 60);
      const int64_t amount = requested / 1000 * random.Between(600, 1000);
      row.insert(row.end(), {int64_t(2), absl::StrCat(id, "/QĐ-UBND"), Day(decided), amount,
                             std::string(), int64_t(0)});
      approved.push_back({id, amount, decided, grants.rows.size()});
      budget_used[{program, applied.year()}] += amount;
      if (In2023(decided)) ++counts.approved_2023;
    } else if (outcome == 1) {
      const absl::CivilDay decided = applied + random.Between(15, 60);
      row.insert(row.end(), {int64_t(3), absl::StrCat(id, "/QĐ-UBND"), Day(decided), int64_t(0),
                             std::string("Không đủ điều kiện"), int64_t(0)});
    } else {
      row.insert(row.end(),
                 {int64_t(1), nullptr, nullptr, int64_t(0), std::string(), int64_t(0)});
    }
    grants.rows.push_back(std::move(row));
  }
  // Ledger: one disbursement of half the approved amount per approved grant,
  // then second halves, and reversals of some second halves, until there are
  // as many entries as grants.
  int64_t entry_id = 0;
  auto add_entry = [&](const Approved& a, int kind, int64_t amount, absl::CivilDay day,
                       std::optional<int64_t> reverses) {
    ++entry_id;
    ledger.rows.push_back({entry_id, a.id, int64_t(kind), amount, Day(day),
                           reverses ? SqlValue(*reverses) : SqlValue(nullptr),
                           std::string(kind == 1 ? "Giải ngân" : "Thu hồi"),
                           std::string("bench-loader"), absl::StrCat("bench-", entry_id)});
    int64_t& net = std::get<int64_t>(grants.rows[a.row].back());
    net += kind == 1 ? amount : -amount;
  };
  const size_t target = static_cast<size_t>(scale.grants);
  for (const Approved& a : approved) {
    if (ledger.rows.size() >= target) break;
    add_entry(a, 1, a.approved / 2, a.decided + random.Between(10, 90), std::nullopt);
  }
  for (const Approved& a : approved) {
    if (ledger.rows.size() >= target) break;
    add_entry(a, 1, a.approved - a.approved / 2, a.decided + random.Between(91, 200),
              std::nullopt);
    const int64_t second = entry_id;
    if (ledger.rows.size() < target && random.Chance(0.15)) {
      add_entry(a, 2, a.approved - a.approved / 2, a.decided + random.Between(201, 260), second);
    }
  }
  Table budgets{"program_budgets", {"program_id", "fiscal_year", "budget_dong", "approved_dong"},
                {}};
  for (size_t p = 1; p <= specs.size(); ++p) {
    for (int64_t year = kFirstDay.year(); year <= kLastDay.year(); ++year) {
      budgets.rows.push_back({int64_t(p), year, int64_t(1) << 50,
                              budget_used[{static_cast<int64_t>(p), year}]});
    }
  }
  counts.programs = static_cast<int64_t>(programs.rows.size());
  counts.beneficiaries = static_cast<int64_t>(beneficiaries.rows.size());
  counts.grants = static_cast<int64_t>(grants.rows.size());
  counts.ledger_entries = static_cast<int64_t>(ledger.rows.size());
  return {std::move(programs), std::move(budgets), std::move(beneficiaries), std::move(grants),
          std::move(ledger)};
}

// Outreach rows; fills the outreach part of `counts`.
std::vector<Table> OutreachRows(const ProvinceScale& scale,
                                const std::vector<SyntheticCooperative>& cooperatives,
                                const std::vector<std::string>& communes,
                                ProvinceCounts& counts) {
  Random random(20230301 + static_cast<uint64_t>(scale.activities));
  Table activities{"activities",
                   {"id", "kind", "channel", "title", "org_unit_code", "start_date", "end_date",
                    "location", "quantity"},
                   {}};
  Table topics{"activity_topics", {"activity_id", "topic"}, {}};
  Table participants{"activity_participants", {"activity_id", "kind", "value", "qualifier"}, {}};
  Table lists{"activity_list_entries", {"activity_id", "list", "position", "value"}, {}};
  Table changes{"activity_changes",
                {"activity_id", "change_type", "revision", "actor", "request_id"},
                {}};
  // Kinds 1..11: news items, articles and columns dominate; events (4..11)
  // are about a fifth.
  const std::vector<int> kind_weights = {0, 42, 26, 12, 5, 5, 2, 2, 2, 2, 1, 1};
  const char* const kTitles[] = {"", "Tin", "Bài", "Chuyên mục", "Hội nghị", "Tập huấn",
                                 "Đối thoại", "Lễ tôn vinh", "Tiếp xúc cử tri", "Hội chợ",
                                 "Trưng bày sản phẩm", "Quảng bá sản phẩm"};
  for (int i = 0; i < scale.activities; ++i) {
    const int64_t id = i + 1;
    const int kind = static_cast<int>(random.Weighted(kind_weights));
    const bool event = kind >= 4;
    const int channel = event ? 8 : static_cast<int>(random.Between(1, 7));
    const std::string& unit = communes[static_cast<size_t>(i) % communes.size()];
    const absl::CivilDay start = random.DayBetween(kFirstDay, kLastDay);
    const absl::CivilDay end = event ? start + random.Between(0, 2) : start;
    const int64_t quantity = event ? 1 : random.Between(1, 12);
    activities.rows.push_back({id, int64_t(kind), int64_t(channel),
                               absl::StrCat(kTitles[kind], " về kinh tế tập thể số ", id), unit,
                               Day(start), Day(end),
                               event ? SqlValue(absl::StrCat("Hội trường UBND xã ", unit))
                                     : SqlValue(std::string()),
                               quantity});
    changes.rows.push_back({id, std::string("imported"), int64_t(1), std::string("bench-loader"),
                            absl::StrCat("bench-a-", id)});
    const int first_topic = static_cast<int>(random.Between(1, 9));
    topics.rows.push_back({id, int64_t(first_topic)});
    if (random.Chance(0.3)) {
      topics.rows.push_back({id, int64_t(first_topic % 9 + 1)});
    }
    if (In2023(start)) {
      ++counts.activities_2023;
      if (event) ++counts.events_2023;
    }
    if (!event) continue;
    const int who = static_cast<int>(random.Between(1, 3));
    for (int k = 1; k <= 6; ++k) {
      if (k != 6 && k % 3 != who % 3 && !random.Chance(0.3)) continue;
      participants.rows.push_back({id, int64_t(k), random.Between(5, 300),
                                   int64_t(random.Weighted({80, 12, 8}) + 1)});
    }
    for (int n = 0; n < static_cast<int>(random.Between(0, 3)); ++n) {
      const SyntheticCooperative& c =
          cooperatives[static_cast<size_t>(random.Between(0, int64_t(cooperatives.size()) - 1))];
      lists.rows.push_back({id, std::string("cooperative"), int64_t(n),
                            c.fields.registration_number});
    }
    if (random.Chance(0.5)) {
      lists.rows.push_back({id, std::string("co_organizer"), int64_t(0),
                            std::string("Liên minh Hợp tác xã tỉnh")});
    }
  }
  counts.activities = static_cast<int64_t>(activities.rows.size());
  counts.topics = static_cast<int64_t>(topics.rows.size());
  counts.participants = static_cast<int64_t>(participants.rows.size());
  counts.list_entries = static_cast<int64_t>(lists.rows.size());
  return {std::move(activities), std::move(topics), std::move(participants), std::move(lists),
          std::move(changes)};
}

absl::Status Load(Database& db, const std::vector<Table>& tables) {
  return db.InTransaction(absl::Now() + absl::Minutes(10), [&](SqlSession& s) {
    for (const Table& table : tables) InsertRows(s, table);
    return absl::OkStatus();
  });
}

}  // namespace

absl::StatusOr<std::unique_ptr<ProvinceDataset>> ProvinceDataset::Create(
    const ProvinceScale& scale) {
  const absl::Time start = absl::Now();
  std::unique_ptr<ProvinceDataset> d(new ProvinceDataset());
  HOPTAC_ASSIGN_OR_RETURN(d->registry_, RegistryDataset::Create(scale.cooperatives));
  HOPTAC_ASSIGN_OR_RETURN(d->subsidy_test_db_, testing::TestDatabase::Create());
  HOPTAC_ASSIGN_OR_RETURN(d->outreach_test_db_, testing::TestDatabase::Create());
  d->registry_dsn_ = d->subsidy_test_db_->dsn();
  d->registry_dsn_.database = d->registry_->database_name();
  d->subsidy_db_ = d->subsidy_test_db_->Connect(/*pool_size=*/4);
  d->outreach_db_ = d->outreach_test_db_->Connect(/*pool_size=*/4);
  HOPTAC_RETURN_IF_ERROR(ApplyMigrations(*d->subsidy_db_, subsidy::SubsidyMigrations()).status());
  HOPTAC_RETURN_IF_ERROR(
      ApplyMigrations(*d->outreach_db_, outreach::OutreachMigrations()).status());

  const auto& communes = d->registry_->old_commune_codes();
  const auto& cooperatives = d->registry_->cooperatives();
  HOPTAC_RETURN_IF_ERROR(
      Load(*d->subsidy_db_, SubsidyRows(scale, cooperatives, communes, d->counts_)));
  HOPTAC_RETURN_IF_ERROR(
      Load(*d->outreach_db_, OutreachRows(scale, cooperatives, communes, d->counts_)));
  // Fresh index statistics for the optimizer, as after a day of normal writes.
  const std::pair<Database*, const char*> analyze[] = {
      {&d->registry_->database(),
       "ANALYZE TABLE cooperatives, cooperative_periods, cooperative_events, org_units, "
       "org_unit_closure"},
      {d->subsidy_db_.get(), "ANALYZE TABLE programs, beneficiaries, grants, ledger_entries"},
      {d->outreach_db_.get(),
       "ANALYZE TABLE activities, activity_topics, activity_participants, "
       "activity_list_entries"}};
  for (const auto& [db, statement] : analyze) {
    HOPTAC_RETURN_IF_ERROR(
        db->WithSession(absl::Now() + absl::Minutes(2), [&](SqlSession& s) {
          std::unique_ptr<sql::Statement> st(s.connection().createStatement());
          std::unique_ptr<sql::ResultSet> r(st->executeQuery(statement));
          while (r->next()) {
          }
          return absl::OkStatus();
        }));
  }

  // The stores read back what the generator says (a drift in the rows' shape
  // would otherwise be measured silently).
  const absl::Time deadline = absl::Now() + absl::Minutes(2);
  const Period year = CalendarYear(2023);
  HOPTAC_ASSIGN_OR_RETURN(
      std::vector<std::string> codes,
      d->registry_->store().ResolveSubtreeCodes("20", absl::CivilDay(2023, 12, 31), deadline));
  subsidy::SubsidyStore subsidy_store(*d->subsidy_db_);
  HOPTAC_ASSIGN_OR_RETURN(subsidy::SubsidyStatistics s,
                          subsidy_store.GetStatistics(codes, year, {}, deadline));
  int64_t applications = 0, approved = 0;
  for (const subsidy::ProgramFigures& p : s.programs) {
    applications += p.figures.applications;
    approved += p.figures.approved_grants;
  }
  if (applications != d->counts_.applications_2023 || approved != d->counts_.approved_2023) {
    return absl::InternalError(absl::StrCat(
        "dataset check: subsidy 2023 applications/approved ", applications, "/", approved,
        "; generated ", d->counts_.applications_2023, "/", d->counts_.approved_2023));
  }
  outreach::OutreachStore outreach_store(*d->outreach_db_);
  HOPTAC_ASSIGN_OR_RETURN(outreach::OutreachStatistics o,
                          outreach_store.GetStatistics(codes, year, deadline));
  if (static_cast<int64_t>(o.events.size()) != d->counts_.events_2023) {
    return absl::InternalError(absl::StrCat("dataset check: outreach 2023 events ",
                                            o.events.size(), "; generated ",
                                            d->counts_.events_2023));
  }
  d->load_seconds_ = absl::ToDoubleSeconds(absl::Now() - start);
  const ProvinceCounts& c = d->counts_;
  std::fprintf(stderr,
               "[bench] province dataset: %zu unit codes under 20; subsidy %lld programs, %lld "
               "beneficiaries, %lld grants, %lld ledger entries; outreach %lld activities "
               "(%lld topics, %lld participant rows, %lld list entries); 2023: %lld "
               "applications, %lld approvals, %lld activities, %lld events; loaded and checked "
               "in %.1f s\n",
               codes.size(), (long long)c.programs, (long long)c.beneficiaries,
               (long long)c.grants, (long long)c.ledger_entries, (long long)c.activities,
               (long long)c.topics, (long long)c.participants, (long long)c.list_entries,
               (long long)c.applications_2023, (long long)c.approved_2023,
               (long long)c.activities_2023, (long long)c.events_2023, d->load_seconds_);
  return d;
}

ProvinceDataset::~ProvinceDataset() = default;

}  // namespace hoptac::bench
