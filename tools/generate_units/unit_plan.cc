#include "tools/generate_units/unit_plan.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hoptac/registry/v1/registry.pb.h"
#include "tools/generate_units/seeded_random.h"
#include "tools/generate_units/vietnamese_names.h"

namespace hoptac::generate {
namespace {

namespace rg = ::hoptac::registry::v1;

// What a cooperative does: the word in its name, the product in sentences,
// its sector; farming is the most common in Lạng Sơn.
struct Line {
  std::string name_word;
  std::string product;
  rg::Sector sector;
};

const std::vector<Line>& Lines() {
  static const auto* lines = new std::vector<Line>{
      {"Nông nghiệp", "nông sản", rg::SECTOR_AGRICULTURE},
      {"Nông nghiệp", "nông sản", rg::SECTOR_AGRICULTURE},
      {"Rau an toàn", "rau an toàn", rg::SECTOR_AGRICULTURE},
      {"Hồi Quế", "hồi, quế", rg::SECTOR_AGRICULTURE},
      {"Chè", "chè", rg::SECTOR_AGRICULTURE},
      {"Thạch đen", "thạch đen", rg::SECTOR_AGRICULTURE},
      {"Na", "na", rg::SECTOR_AGRICULTURE},
      {"Chăn nuôi", "gia súc, gia cầm", rg::SECTOR_AGRICULTURE},
      {"Dược liệu", "dược liệu", rg::SECTOR_AGRICULTURE},
      {"Nông lâm nghiệp", "lâm sản", rg::SECTOR_AGRICULTURE},
      {"Mác mật", "mác mật", rg::SECTOR_AGRICULTURE},
      {"Mây tre đan", "hàng mây tre đan", rg::SECTOR_INDUSTRY_HANDICRAFT},
      {"Chế biến gỗ", "gỗ ván ghép", rg::SECTOR_INDUSTRY_HANDICRAFT},
      {"Dệt thổ cẩm", "thổ cẩm", rg::SECTOR_INDUSTRY_HANDICRAFT},
      {"Dịch vụ Tổng hợp", "dịch vụ", rg::SECTOR_TRADE_SERVICES},
      {"Du lịch cộng đồng", "du lịch cộng đồng", rg::SECTOR_TRADE_SERVICES},
      {"Vận tải", "vận tải", rg::SECTOR_TRANSPORT},
      {"Xây dựng", "xây dựng", rg::SECTOR_CONSTRUCTION},
      {"Vệ sinh môi trường", "vệ sinh môi trường", rg::SECTOR_ENVIRONMENT}};
  return *lines;
}

absl::CivilDay RandomDay(SeededRandom& random, int year, int first_month, int last_month) {
  const int month = static_cast<int>(random.Uniform(first_month, last_month));
  return absl::CivilDay(year, month, static_cast<int>(random.Uniform(1, 28)));
}

CooperativePlan NewCooperative(SeededRandom& random, const UnitInfo& unit, const Commune& commune,
                               absl::flat_hash_set<std::string>& names) {
  CooperativePlan c;
  const Line* line = &random.Pick(Lines());
  c.group = random.Chance(8);
  const std::string kind = c.group ? "Tổ hợp tác" : "Hợp tác xã";
  c.display_name = absl::StrCat(kind, " ", line->name_word, " ", ShortName(commune.display_name));
  // Two of the same kind in one commune: the second is named after its village.
  std::string village = Village(random, commune.display_name);
  for (int attempt = 0; names.contains(c.display_name) && attempt < 8; ++attempt) {
    line = &random.Pick(Lines());
    c.display_name = absl::StrCat(kind, " ", line->name_word, " ", ShortName(village));
    if (names.contains(c.display_name)) village = Village(random, commune.display_name);
  }
  names.insert(c.display_name);
  c.product = line->product;
  c.sector = line->sector;
  c.commune = commune;
  c.address = absl::StrCat(village, ", ", InSentence(commune.display_name), ", ",
                           InSentence(unit.display_name), ", tỉnh Lạng Sơn");
  c.members = c.group ? random.Uniform(3, 9) : random.Uniform(7, 35);
  c.employees = random.Uniform(2, 25);
  c.charter_capital_dong = random.Uniform(2, 60) * 50'000'000;
  return c;
}

}  // namespace

std::vector<const CooperativePlan*> UnitPlan::Active() const {
  std::vector<const CooperativePlan*> active;
  for (const CooperativePlan& c : cooperatives) {
    if (c.fate == CooperativeFate::kActive) active.push_back(&c);
  }
  return active;
}

std::vector<const CooperativePlan*> UnitPlan::EstablishedInYear() const {
  std::vector<const CooperativePlan*> founded;
  for (const CooperativePlan& c : cooperatives) {
    if (c.established.year() == year) founded.push_back(&c);
  }
  return founded;
}

UnitPlan PlanUnit(const UnitInfo& unit, int year) {
  UnitPlan plan;
  plan.unit = unit;
  plan.year = year;
  plan.slug = Slug(ShortName(unit.display_name));
  plan.folder = absl::StrCat(plan.slug, "-", year);
  if (unit.communes.empty()) return plan;
  SeededRandom random(absl::StrCat(unit.code, "/registry"));

  // 10 to 18 organisations registered before the year, 2 to 4 during it,
  // spread over the unit's communes.
  const int before = static_cast<int>(random.Uniform(10, 18));
  const int during = static_cast<int>(random.Uniform(2, 4));
  std::vector<Commune> communes = unit.communes;
  random.Shuffle(communes);
  absl::flat_hash_set<std::string> names;
  int64_t number = random.Uniform(100, 600) * 100;
  for (int i = 0; i < before + during; ++i) {
    CooperativePlan c = NewCooperative(random, unit, communes[i % communes.size()], names);
    number += random.Uniform(7, 130);
    c.registration_number = absl::StrFormat("49%s%05d", unit.code, number % 100000);
    c.established = i < before ? RandomDay(random, static_cast<int>(random.Uniform(2009, year - 1)), 1, 12)
                               : RandomDay(random, year, 1, 9);
    plan.cooperatives.push_back(std::move(c));
  }

  // Fates among those registered before the year: at most one of each.
  std::vector<size_t> older;
  for (size_t i = 0; i < static_cast<size_t>(before); ++i) {
    if (!plan.cooperatives[i].group) older.push_back(i);
  }
  random.Shuffle(older);
  size_t next = 0;
  for (const auto& [fate, percent] :
       std::vector<std::pair<CooperativeFate, int>>{{CooperativeFate::kForcedDissolution, 60},
                                                   {CooperativeFate::kVoluntaryDissolution, 60},
                                                   {CooperativeFate::kSuspended, 45}}) {
    if (next < older.size() && random.Chance(percent)) plan.cooperatives[older[next++]].fate = fate;
  }
  // Inspections: 3 to 5 of the older ones still operating in the autumn
  // (a voluntary dissolution starts after the inspection).
  size_t inspected = static_cast<size_t>(random.Uniform(3, 5));
  for (size_t i : older) {
    CooperativePlan& c = plan.cooperatives[i];
    if (inspected == 0) break;
    if (c.fate == CooperativeFate::kActive || c.fate == CooperativeFate::kVoluntaryDissolution) {
      c.inspected = true;
      --inspected;
    }
  }
  // Awards: 3 to 8 active cooperatives (not groups).
  std::vector<CooperativePlan*> candidates;
  for (CooperativePlan& c : plan.cooperatives) {
    if (c.fate == CooperativeFate::kActive && !c.group && c.established.year() < year) {
      candidates.push_back(&c);
    }
  }
  random.Shuffle(candidates);
  const size_t awards = static_cast<size_t>(random.Uniform(3, 8));
  for (size_t i = 0; i < candidates.size() && i < awards; ++i) candidates[i]->awarded = true;
  return plan;
}

}  // namespace hoptac::generate
