// Administrative units (đơn vị hành chính) as the registry's domain sees them.
// Plain C++: no protobuf, no database.
#ifndef HOPTAC_SERVICES_REGISTRY_ORG_UNIT_H_
#define HOPTAC_SERVICES_REGISTRY_ORG_UNIT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace hoptac::registry {

// Where a unit sits in the tree. Since 1 July 2025 there is no district level.
enum class OrgUnitLevel { kProvince = 1, kDistrict = 2, kCommune = 3 };

// The legal kind of a unit, read from its name or the source's "Cấp" column.
enum class OrgUnitKind {
  kProvince = 1,         // Tỉnh
  kCentralCity = 2,      // Thành phố trực thuộc trung ương
  kRuralDistrict = 3,    // Huyện
  kUrbanDistrict = 4,    // Quận
  kTown = 5,             // Thị xã
  kProvincialCity = 6,   // Thành phố thuộc tỉnh
  kCommune = 7,          // Xã
  kWard = 8,             // Phường
  kTownship = 9,         // Thị trấn
  kSpecialZone = 10,     // Đặc khu
};

// One version of a unit: a code is reused across the 2025 reform (05977 was
// Phường Vĩnh Trại, then Phường Đông Kinh), so a unit is keyed on its code and
// its validity period, never on its name.
struct AdminUnitRecord {
  std::string code;         // GSO code as written in the source: "20", "183", "05977"
  std::string name;         // NFC, trimmed: "Huyện Cao Lộc"
  OrgUnitKind kind = OrgUnitKind::kCommune;
  OrgUnitLevel level = OrgUnitLevel::kCommune;
  std::string parent_code;  // empty for a province; the parent valid at valid_from
  std::optional<absl::CivilDay> valid_from;  // nullopt: since before recorded history
  std::optional<absl::CivilDay> valid_to;    // inclusive; nullopt: still valid
};

// Old unit -> new unit from the 2025 reorganisation. A relation, not a function:
// a unit merged in part (nhập một phần) feeds several new units.
struct AdminUnitLineage {
  std::string old_code;  // a unit valid until 2025-06-30
  std::string new_code;  // a unit valid from 2025-07-01
  bool whole = true;     // "Nhập toàn bộ" (true) or merged in part (false)
};

struct AdminUnitCatalog {
  std::vector<AdminUnitRecord> units;  // parents before children
  std::vector<AdminUnitLineage> lineage;
};

// The day the district level ended and the new commune-level units began.
inline constexpr absl::CivilDay kReformDay{2025, 7, 1};

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_ORG_UNIT_H_
