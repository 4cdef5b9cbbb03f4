// What a generated unit holds, decided once from its seed: the unit and its
// communes (from the registry), and its cooperatives with what happens to
// each in 2023. The fixture files (registry, subsidy, outreach, report) are
// all written from this plan, so they agree with each other.
#ifndef HOPTAC_TOOLS_GENERATE_UNITS_UNIT_PLAN_H_
#define HOPTAC_TOOLS_GENERATE_UNITS_UNIT_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace hoptac::generate {

// A commune-level unit (xã, phường, thị trấn) valid in the period.
struct Commune {
  std::string code;          // "06010"
  std::string display_name;  // "Xã Tân Tiến"
};

// A district-level unit valid in the period, as the registry gives it.
struct UnitInfo {
  std::string code;          // "180"
  std::string display_name;  // "Huyện Tràng Định"
  std::vector<Commune> communes;
};

// What happens to a cooperative during 2023.
enum class CooperativeFate {
  kActive,
  kSuspended,            // tạm ngừng hoạt động
  kForcedDissolution,    // giải thể bắt buộc, completed in the year
  kVoluntaryDissolution  // giải thể tự nguyện, started in the year
};

struct CooperativePlan {
  std::string registration_number;  // "4918012345"
  std::string display_name;         // "Hợp tác xã Chè Tân Tiến"
  std::string product;              // "chè", what it makes or does
  bool group = false;               // a cooperative group (tổ hợp tác)
  int sector = 0;                   // hoptac.registry.v1.Sector
  Commune commune;
  std::string address;
  absl::CivilDay established;
  int64_t members = 0;
  int64_t employees = 0;
  int64_t charter_capital_dong = 0;
  CooperativeFate fate = CooperativeFate::kActive;
  bool awarded = false;    // Giấy khen at Entrepreneurs' Day
  bool inspected = false;  // in the 2023 inspection round
};

struct UnitPlan {
  UnitInfo unit;
  int year = 2023;
  std::string slug;    // "trang-dinh"
  std::string folder;  // "trang-dinh-2023": the fixture's folder and name
  std::vector<CooperativePlan> cooperatives;

  // The cooperatives that are active at the end of the year (not dissolving,
  // not dissolved, not suspended): beneficiaries and award candidates.
  std::vector<const CooperativePlan*> Active() const;
  // Those established in the plan's year.
  std::vector<const CooperativePlan*> EstablishedInYear() const;
};

// The plan of `unit` for `year`, from a seed derived from the unit's code.
UnitPlan PlanUnit(const UnitInfo& unit, int year);

}  // namespace hoptac::generate

#endif  // HOPTAC_TOOLS_GENERATE_UNITS_UNIT_PLAN_H_
