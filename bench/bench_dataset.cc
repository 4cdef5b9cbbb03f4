#include "bench/bench_dataset.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "cppconn/prepared_statement.h"
#include "services/common/migrations.h"
#include "services/common/period.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/registry/admin_unit_loader.h"
#include "services/registry/cooperative_lifecycle.h"
#include "services/registry/cooperative_update.h"
#include "services/registry/registry_migrations.h"

namespace hoptac::bench {
namespace {

using registry::ClassificationGrade;
using registry::CooperativeEventType;
using registry::CooperativeKind;
using registry::CooperativeStatus;
using registry::DissolutionKind;
using registry::LifecycleAction;
using registry::Sector;

constexpr char kProvince[] = "20";  // Lạng Sơn
constexpr absl::CivilDay kFirstEstablished{2008, 1, 1};
// Every generated date lies in the tree of before the reform, so that each
// cooperative keeps its old commune for its whole history.
constexpr absl::CivilDay kLastEvent{2025, 6, 30};
constexpr absl::CivilDay kReport2022Due{2023, 3, 31};
constexpr char kOpenEnd[] = "9999-12-31";
constexpr char kActor[] = "bench-loader";
constexpr size_t kRowsPerInsert = 500;

// Deterministic for a given seed (and standard library), so that two runs
// measure the same data.
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
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[static_cast<size_t>(Between(0, static_cast<int64_t>(values.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

struct Commune {
  std::string code;
  std::string name;
  std::string district_code;
  std::string district_name;
  int64_t id = 0;
};

// "Xã Hợp Thành" -> "Hợp Thành": the place part of a cooperative's name.
std::string PlaceName(const std::string& unit_name) {
  for (const char* prefix : {"Thị trấn ", "Phường ", "Xã "}) {
    if (absl::StartsWith(unit_name, prefix)) return unit_name.substr(std::string(prefix).size());
  }
  return unit_name;
}

Sector PickSector(Random& random) {
  // Roughly the province's mix: mostly agriculture, then trade and services.
  static const std::vector<std::pair<Sector, int>>* const kWeights =
      new std::vector<std::pair<Sector, int>>{
          {Sector::kAgriculture, 55}, {Sector::kIndustryHandicraft, 10},
          {Sector::kConstruction, 5}, {Sector::kTradeServices, 15},
          {Sector::kTransport, 6},    {Sector::kPeoplesCreditFund, 2},
          {Sector::kEnvironment, 4},  {Sector::kOther, 3}};
  int64_t roll = random.Between(1, 100);
  for (const auto& [sector, weight] : *kWeights) {
    if (roll <= weight) return sector;
    roll -= weight;
  }
  return Sector::kOther;
}

const std::vector<std::string>& Products(Sector sector) {
  static const auto* const kProducts = new std::map<Sector, std::vector<std::string>>{
      {Sector::kAgriculture,
       {"Nông nghiệp", "Chè", "Hồi", "Na", "Rau an toàn", "Dược liệu", "Chăn nuôi"}},
      {Sector::kIndustryHandicraft, {"Mây tre đan", "Chế biến nông sản", "Thạch đen", "Mộc"}},
      {Sector::kConstruction, {"Xây dựng"}},
      {Sector::kTradeServices, {"Thương mại dịch vụ", "Du lịch cộng đồng"}},
      {Sector::kTransport, {"Vận tải"}},
      {Sector::kPeoplesCreditFund, {"Quỹ tín dụng nhân dân"}},
      {Sector::kEnvironment, {"Môi trường", "Vệ sinh môi trường"}},
      {Sector::kOther, {"Dịch vụ tổng hợp"}}};
  return kProducts->at(sector);
}

const char* KindPrefix(CooperativeKind kind) {
  switch (kind) {
    case CooperativeKind::kCooperative: return "Hợp tác xã";
    case CooperativeKind::kCooperativeGroup: return "Tổ hợp tác";
    case CooperativeKind::kUnion: return "Liên hiệp hợp tác xã";
  }
  return "Hợp tác xã";
}

CooperativeStatus Apply(CooperativeStatus status, LifecycleAction action) {
  // The generator only takes allowed steps; the domain's table confirms it.
  auto next = registry::NextStatus(status, action);
  return next.ok() ? *next : status;
}

std::vector<SyntheticCooperative> Generate(int count, const std::vector<Commune>& communes) {
  Random random(20230101 + static_cast<uint64_t>(count));
  std::vector<SyntheticCooperative> out;
  out.reserve(static_cast<size_t>(count));
  std::set<std::string> names;
  for (int i = 0; i < count; ++i) {
    // Round robin: every commune gets the same share, so a district's share
    // is proportional to its number of communes whatever N is.
    const Commune& commune = communes[static_cast<size_t>(i) % communes.size()];
    SyntheticCooperative c;
    c.id = i + 1;
    c.district_code = commune.district_code;
    registry::CooperativeFields& f = c.fields;
    f.registration_number = absl::StrFormat("49%08d", i + 1);
    const int64_t kind_roll = random.Between(1, 100);
    f.kind = kind_roll <= 80   ? CooperativeKind::kCooperative
             : kind_roll <= 95 ? CooperativeKind::kCooperativeGroup
                               : CooperativeKind::kUnion;
    f.sector = PickSector(random);
    const std::string base = absl::StrCat(KindPrefix(f.kind), " ", random.Pick(Products(f.sector)),
                                          " ", PlaceName(commune.name));
    f.display_name = base;
    for (int n = 2; !names.insert(f.display_name).second; ++n) {
      f.display_name = absl::StrCat(base, " ", n);
    }
    f.org_unit_code = commune.code;
    f.address = absl::StrCat(commune.name, ", ", commune.district_name, ", tỉnh Lạng Sơn");
    f.establishment_date = random.DayBetween(kFirstEstablished, kLastEvent);
    f.member_count = random.Between(7, 200);
    f.employee_count = random.Between(0, 50);
    f.charter_capital_dong = random.Between(50, 5000) * 1'000'000;

    // History: some suspend (half of them resume), some dissolve.
    absl::CivilDay day = f.establishment_date;
    CooperativeStatus status = CooperativeStatus::kActive;
    auto step = [&](LifecycleAction action, DissolutionKind kind = DissolutionKind::kVoluntary) {
      day = random.DayBetween(day + 1, kLastEvent);
      c.steps.push_back({action, day, kind});
      status = Apply(status, action);
    };
    if (day < kLastEvent && random.Chance(0.15)) {
      step(LifecycleAction::kSuspend);
      if (day < kLastEvent && random.Chance(0.5)) step(LifecycleAction::kResume);
    }
    if (day < kLastEvent && random.Chance(0.10)) {
      step(LifecycleAction::kStartDissolution,
           random.Chance(0.7) ? DissolutionKind::kVoluntary : DissolutionKind::kForced);
      if (day < kLastEvent && random.Chance(0.75)) step(LifecycleAction::kCompleteDissolution);
    }
    if (random.Chance(0.25)) {
      const int awards = static_cast<int>(random.Between(1, 2));
      for (int a = 0; a < awards; ++a) {
        c.awards.push_back(random.DayBetween(f.establishment_date, kLastEvent));
      }
    }
    if (random.Chance(0.20)) {
      c.inspections.push_back(random.DayBetween(f.establishment_date, kLastEvent));
    }
    if (f.establishment_date < absl::CivilDay(2022, 1, 1) &&
        c.StatusOn(absl::CivilDay(2022, 12, 31)) != CooperativeStatus::kDissolved &&
        random.Chance(0.6)) {
      c.report_2022_received =
          random.DayBetween(absl::CivilDay(2023, 1, 15), absl::CivilDay(2023, 5, 31));
    }
    const auto end_2023 = c.StatusOn(absl::CivilDay(2023, 12, 31));
    if (f.establishment_date < absl::CivilDay(2023, 1, 1) &&
        (end_2023 == CooperativeStatus::kActive || end_2023 == CooperativeStatus::kSuspended) &&
        random.Chance(0.5)) {
      c.grade_2023 = static_cast<ClassificationGrade>(random.Between(1, 4));
      c.grade_2023_decided =
          random.DayBetween(absl::CivilDay(2024, 1, 15), absl::CivilDay(2024, 3, 31));
    }
    out.push_back(std::move(c));
  }
  return out;
}

// A value bound to a placeholder of a multi-row INSERT.
using SqlValue = std::variant<int64_t, std::string, std::nullptr_t>;
using Row = std::vector<SqlValue>;

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

// Writes `table.rows` with prepared INSERTs of up to kRowsPerInsert rows each:
// one round trip per batch instead of one per row.
void InsertRows(SqlSession& s, const Table& table) {
  const std::string tuple =
      absl::StrCat("(", absl::StrJoin(std::vector<std::string>(table.columns.size(), "?"), ", "),
                   ")");
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

template <typename Enum>
int64_t Int(Enum value) {
  return static_cast<int64_t>(value);
}

// The rows the store would have written for `cooperatives`: the current row,
// its status periods, its events (with the unit, kind and sector copied in and
// the field changes of each) and the records kept on it.
std::vector<Table> RowsOf(const std::vector<SyntheticCooperative>& cooperatives,
                          const absl::flat_hash_map<std::string, int64_t>& unit_ids) {
  Table coops{"cooperatives",
              {"id", "registration_number", "display_name", "kind", "sector", "org_unit_id",
               "address", "establishment_date", "member_count", "employee_count",
               "charter_capital_dong", "status", "status_since", "revision", "create_time",
               "update_time"},
              {}};
  Table periods{"cooperative_periods",
                {"cooperative_id", "status", "org_unit_id", "kind", "sector", "valid_from",
                 "valid_to"},
                {}};
  Table events{"cooperative_events",
               {"id", "cooperative_id", "event_type", "effective_date", "record_time", "actor",
                "reason", "legal_document", "request_id", "org_unit_id", "kind", "sector",
                "dissolution_kind", "grade", "subject_year", "on_time"},
               {}};
  Table changes{"cooperative_event_changes", {"event_id", "field", "old_value", "new_value"}, {}};
  Table awards{"awards",
               {"cooperative_id", "award_date", "title", "event", "awarding_body",
                "legal_document"},
               {}};
  Table inspections{"inspections",
                    {"cooperative_id", "inspection_date", "inspecting_body", "findings",
                     "legal_document"},
                    {}};
  Table classifications{"classifications",
                        {"cooperative_id", "year", "grade", "decision_date", "legal_document"},
                        {}};
  Table reports{"annual_reports", {"cooperative_id", "year", "received_date", "due_date"}, {}};

  const std::string now = SqlTimestamp(absl::Now());
  int64_t event_id = 0;
  for (const SyntheticCooperative& c : cooperatives) {
    const registry::CooperativeFields& f = c.fields;
    const int64_t unit = unit_ids.at(f.org_unit_code);
    const absl::CivilDay since = c.steps.empty() ? f.establishment_date : c.steps.back().day;
    coops.rows.push_back({c.id, f.registration_number, f.display_name, Int(f.kind), Int(f.sector),
                          unit, f.address, SqlDate(f.establishment_date), f.member_count,
                          f.employee_count, f.charter_capital_dong, Int(c.FinalStatus()),
                          SqlDate(since), static_cast<int64_t>(1 + c.steps.size()), now, now});

    auto add_event = [&](CooperativeEventType type, absl::CivilDay day, const std::string& reason,
                         const std::string& legal_document, const SqlValue& dissolution_kind,
                         const SqlValue& grade, const SqlValue& subject_year,
                         const SqlValue& on_time) {
      events.rows.push_back({++event_id, c.id, Int(type), SqlDate(day), now, std::string(kActor),
                             reason, legal_document, nullptr, unit, Int(f.kind), Int(f.sector),
                             dissolution_kind, grade, subject_year, on_time});
      return event_id;
    };

    const int64_t created = add_event(CooperativeEventType::kCreated, f.establishment_date,
                                      "Đăng ký", "", nullptr, nullptr, nullptr, nullptr);
    for (const registry::FieldChange& change : registry::InitialCooperativeFields(f)) {
      changes.rows.push_back({created, change.field, change.old_value, change.new_value});
    }

    CooperativeStatus status = CooperativeStatus::kActive;
    absl::CivilDay from = f.establishment_date;
    for (const LifecycleStep& step : c.steps) {
      periods.rows.push_back({c.id, Int(status), unit, Int(f.kind), Int(f.sector), SqlDate(from),
                              SqlDate(step.day)});
      const CooperativeStatus next = Apply(status, step.action);
      CooperativeEventType type = CooperativeEventType::kSuspended;
      SqlValue dissolution_kind = nullptr;
      switch (step.action) {
        case LifecycleAction::kSuspend: type = CooperativeEventType::kSuspended; break;
        case LifecycleAction::kResume: type = CooperativeEventType::kResumed; break;
        case LifecycleAction::kStartDissolution:
          type = CooperativeEventType::kDissolutionStarted;
          dissolution_kind = Int(step.dissolution_kind);
          break;
        case LifecycleAction::kCompleteDissolution:
          type = CooperativeEventType::kDissolved;
          break;
      }
      const int64_t event = add_event(type, step.day, "Theo đề nghị của hợp tác xã", "",
                                      dissolution_kind, nullptr, nullptr, nullptr);
      changes.rows.push_back({event, std::string("status"), std::string(StatusName(status)),
                              std::string(StatusName(next))});
      status = next;
      from = step.day;
    }
    periods.rows.push_back({c.id, Int(status), unit, Int(f.kind), Int(f.sector), SqlDate(from),
                            std::string(kOpenEnd)});

    for (const absl::CivilDay day : c.awards) {
      const std::string title = "Bằng khen của Chủ tịch UBND tỉnh";
      const std::string event = "Thành tích xuất sắc trong phong trào thi đua";
      awards.rows.push_back({c.id, SqlDate(day), title, event, std::string("UBND tỉnh Lạng Sơn"),
                             std::string("Quyết định khen thưởng")});
      add_event(CooperativeEventType::kAwarded, day, absl::StrCat(title, " — ", event),
                "Quyết định khen thưởng", nullptr, nullptr, nullptr, nullptr);
    }
    for (const absl::CivilDay day : c.inspections) {
      const std::string findings = "Hoạt động đúng Luật Hợp tác xã";
      inspections.rows.push_back({c.id, SqlDate(day), std::string("Sở Kế hoạch và Đầu tư"),
                                  findings, std::string("Kế hoạch kiểm tra")});
      add_event(CooperativeEventType::kInspected, day, findings, "Kế hoạch kiểm tra", nullptr,
                nullptr, nullptr, nullptr);
    }
    if (c.grade_2023.has_value()) {
      classifications.rows.push_back({c.id, int64_t{2023}, Int(*c.grade_2023),
                                      SqlDate(c.grade_2023_decided),
                                      std::string("Quyết định xếp loại")});
      add_event(CooperativeEventType::kClassified, c.grade_2023_decided, "Xếp loại năm 2023",
                "Quyết định xếp loại", nullptr, Int(*c.grade_2023), int64_t{2023}, nullptr);
    }
    if (c.report_2022_received.has_value()) {
      const bool on_time = *c.report_2022_received <= kReport2022Due;
      reports.rows.push_back(
          {c.id, int64_t{2022}, SqlDate(*c.report_2022_received), SqlDate(kReport2022Due)});
      add_event(CooperativeEventType::kAnnualReportReceived, *c.report_2022_received,
                "Báo cáo năm 2022", "", nullptr, nullptr, int64_t{2022},
                int64_t{on_time ? 1 : 0});
    }
  }
  // Parents before children (foreign keys).
  std::vector<Table> tables;
  for (Table* t : {&coops, &periods, &events, &changes, &awards, &inspections, &classifications,
                   &reports}) {
    tables.push_back(std::move(*t));
  }
  return tables;
}

// The figures GetStatistics must give, computed from the generated data.
struct Figures {
  int64_t active_at_start = 0;
  int64_t active_at_end = 0;
  int64_t suspended_at_end = 0;
  int64_t established = 0;
  int64_t dissolved = 0;
  int64_t awards = 0;
  int64_t awarded_cooperatives = 0;
  int64_t inspections = 0;
  int64_t classified = 0;
  int64_t reports_on_time = 0;
  int64_t reports_late = 0;

  bool operator==(const Figures&) const = default;
  std::string ToString() const {
    return absl::StrCat("active_at_start=", active_at_start, " active_at_end=", active_at_end,
                        " suspended_at_end=", suspended_at_end, " established=", established,
                        " dissolved=", dissolved, " awards=", awards,
                        " awarded_cooperatives=", awarded_cooperatives,
                        " inspections=", inspections, " classified=", classified,
                        " reports_on_time=", reports_on_time, " reports_late=", reports_late);
  }
};

Figures Expected(const std::vector<SyntheticCooperative>& cooperatives,
                 const std::string& district_code, const Period& period) {
  Figures x;
  for (const SyntheticCooperative& c : cooperatives) {
    if (!district_code.empty() && c.district_code != district_code) continue;
    x.active_at_start += c.StatusOn(period.start) == CooperativeStatus::kActive;
    x.active_at_end += c.StatusOn(period.end) == CooperativeStatus::kActive;
    x.suspended_at_end += c.StatusOn(period.end) == CooperativeStatus::kSuspended;
    x.established += Contains(period, c.fields.establishment_date);
    for (const LifecycleStep& step : c.steps) {
      x.dissolved += step.action == LifecycleAction::kCompleteDissolution &&
                     Contains(period, step.day);
    }
    int64_t awards = 0;
    for (const absl::CivilDay day : c.awards) awards += Contains(period, day);
    x.awards += awards;
    x.awarded_cooperatives += awards > 0;
    for (const absl::CivilDay day : c.inspections) x.inspections += Contains(period, day);
    // The period is one calendar year; classifications are by subject year.
    x.classified += c.grade_2023.has_value() && period.start.year() == 2023;
    if (c.report_2022_received.has_value() && Contains(period, *c.report_2022_received)) {
      (*c.report_2022_received <= kReport2022Due ? x.reports_on_time : x.reports_late) += 1;
    }
  }
  return x;
}

Figures Actual(const registry::RegistryStatistics& s) {
  Figures x;
  x.active_at_start = s.active_at_start.total;
  x.active_at_end = s.active_at_end.total;
  x.suspended_at_end = s.suspended_at_end.total;
  x.established = s.established.total;
  x.dissolved = s.dissolved.total;
  x.awards = s.awards;
  x.awarded_cooperatives = s.awarded_cooperatives;
  x.inspections = s.inspections;
  for (const auto& [grade, count] : s.classifications) x.classified += count;
  x.reports_on_time = s.annual_reports_on_time;
  x.reports_late = s.annual_reports_late;
  return x;
}

// Fails when the store reads the bulk-written rows differently from what was
// generated: the rows' shape has drifted from the store's.
absl::Status Verify(registry::RegistryStore& store,
                    const std::vector<SyntheticCooperative>& cooperatives) {
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  const Period year = CalendarYear(2023);
  for (const std::string& unit : {std::string(kProvince), std::string("183")}) {
    auto stats = store.GetStatistics(unit, year, deadline);
    if (!stats.ok()) return stats.status();
    const Figures want = Expected(cooperatives, unit == kProvince ? "" : unit, year);
    const Figures got = Actual(*stats);
    if (!(got == want)) {
      return absl::InternalError(absl::StrCat(
          "dataset check: GetStatistics(orgUnits/", unit, ", 2023) gives ", got.ToString(),
          "; the generated data says ", want.ToString()));
    }
  }
  const SyntheticCooperative& sample = cooperatives[cooperatives.size() / 2];
  auto read = store.GetCooperative(sample.fields.registration_number, deadline);
  if (!read.ok()) return read.status();
  if (read->fields.display_name != sample.fields.display_name ||
      read->fields.org_unit_code != sample.fields.org_unit_code ||
      read->status != sample.FinalStatus() ||
      read->revision != static_cast<int64_t>(1 + sample.steps.size())) {
    return absl::InternalError(absl::StrCat("dataset check: GetCooperative(",
                                            sample.fields.registration_number,
                                            ") differs from the generated cooperative"));
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<CooperativeStatus> SyntheticCooperative::StatusOn(absl::CivilDay day) const {
  if (day < fields.establishment_date) return std::nullopt;
  CooperativeStatus status = CooperativeStatus::kActive;
  for (const LifecycleStep& step : steps) {
    if (step.day > day) break;
    status = Apply(status, step.action);
  }
  return status;
}

CooperativeStatus SyntheticCooperative::FinalStatus() const {
  CooperativeStatus status = CooperativeStatus::kActive;
  for (const LifecycleStep& step : steps) status = Apply(status, step.action);
  return status;
}

absl::StatusOr<std::unique_ptr<RegistryDataset>> RegistryDataset::Create(int cooperatives) {
  const absl::Time start = absl::Now();
  const absl::Time deadline = start + absl::Minutes(5);
  std::unique_ptr<RegistryDataset> d(new RegistryDataset());
  HOPTAC_ASSIGN_OR_RETURN(d->test_database_, testing::TestDatabase::Create());
  d->database_ = d->test_database_->Connect(/*pool_size=*/4);
  HOPTAC_RETURN_IF_ERROR(ApplyMigrations(*d->database_, registry::RegistryMigrations()).status());
  d->store_ = std::make_unique<registry::RegistryStore>(*d->database_);
  HOPTAC_ASSIGN_OR_RETURN(
      registry::AdminUnitCatalog catalog,
      registry::LoadProvinceAdminUnitsFromDir(HOPTAC_SOURCE_DIR "/data/admin-units", kProvince));
  HOPTAC_RETURN_IF_ERROR(d->store_->LoadAdminUnits(catalog, kProvince, "bench", deadline));

  std::map<std::string, std::string> district_names;
  for (const registry::AdminUnitRecord& u : catalog.units) {
    if (u.level == registry::OrgUnitLevel::kDistrict) district_names[u.code] = u.name;
  }
  std::vector<Commune> communes;
  absl::flat_hash_map<std::string, int64_t> unit_ids;
  for (const registry::AdminUnitRecord& u : catalog.units) {
    if (u.level != registry::OrgUnitLevel::kCommune || !u.valid_to.has_value()) continue;
    HOPTAC_ASSIGN_OR_RETURN(registry::OrgUnitRow row,
                            d->store_->GetOrgUnit(u.code, kLastEvent, deadline));
    communes.push_back({u.code, u.name, u.parent_code, district_names[u.parent_code], row.id});
    unit_ids[u.code] = row.id;
    d->old_commune_codes_.push_back(u.code);
  }
  if (communes.empty()) return absl::NotFoundError("no communes of before 2025 in the catalog");

  d->cooperatives_ = Generate(cooperatives, communes);
  const std::vector<Table> tables = RowsOf(d->cooperatives_, unit_ids);
  HOPTAC_RETURN_IF_ERROR(d->database_->InTransaction(deadline, [&](SqlSession& s) {
    for (const Table& table : tables) InsertRows(s, table);
    return absl::OkStatus();
  }));
  HOPTAC_RETURN_IF_ERROR(Verify(*d->store_, d->cooperatives_));

  std::vector<std::string> counts;
  for (const Table& table : tables) {
    counts.push_back(absl::StrCat(table.rows.size(), " ", table.name));
  }
  std::fprintf(stderr, "[bench] database %s: %zu old communes; %s; loaded and checked in %.1f s\n",
               d->database_name().c_str(), communes.size(), absl::StrJoin(counts, ", ").c_str(),
               absl::ToDoubleSeconds(absl::Now() - start));
  return d;
}

RegistryDataset::~RegistryDataset() {
  const char* keep = std::getenv("HOPTAC_BENCH_KEEP_DATA");
  if (keep != nullptr && std::string(keep) == "1" && test_database_ != nullptr) {
    std::fprintf(stderr, "[bench] kept database %s (HOPTAC_BENCH_KEEP_DATA=1)\n",
                 database_name().c_str());
    store_.reset();
    database_.reset();
    (void)test_database_.release();  // intentionally leaked: its destructor drops the database
  }
}

int64_t RegistryDataset::CountInDistrict(const std::string& district_code) const {
  return std::count_if(cooperatives_.begin(), cooperatives_.end(),
                       [&](const SyntheticCooperative& c) {
                         return c.district_code == district_code;
                       });
}

}  // namespace hoptac::bench
