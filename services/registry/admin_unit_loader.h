// Loads a province's administrative units (đơn vị hành chính) from the two
// public GSO code lists in data/admin-units/: the units before the 2025 reform
// and the government's conversion table of 1 July 2025.
#ifndef HOPTAC_SERVICES_REGISTRY_ADMIN_UNIT_LOADER_H_
#define HOPTAC_SERVICES_REGISTRY_ADMIN_UNIT_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/registry/org_unit.h"

namespace hoptac::registry {

// The standard file names under data/admin-units/.
inline constexpr absl::string_view kCommunesBeforeFileName =
    "communes-before-2025-07-01.csv";
inline constexpr absl::string_view kConversionFileName =
    "conversion-2025-07-01.csv";

// Reads the two GSO files and returns the units of `province_code` (two
// digits, e.g. "20") in both shapes: the tree before 1 July 2025 (province ->
// district-level -> commune-level, valid_to 2025-06-30) and after it
// (province -> commune-level, valid_from 2025-07-01), plus the old -> new
// lineage of the new units of that province.
//
// The province itself is one record without dates when both files give it the
// same code and name; when the 2025 merger gave its code to a differently named
// province (24 was Bắc Giang, is Bắc Ninh) it is two records, old then new.
// Units come parents first: province(s), districts, old communes, new
// communes, each level ordered by code. Lineage is ordered by (old, new) code.
// Lineage old codes may name units of another old province that merged into
// this one; those units are not in `units` (load that old province for them).
//
// Errors: NOT_FOUND when a file is missing or the province is in neither file;
// INVALID_ARGUMENT when `province_code` is not two digits or a row is
// malformed ("<path>:<line>: ..."); FAILED_PRECONDITION when a file exists but
// cannot be read.
absl::StatusOr<AdminUnitCatalog> LoadProvinceAdminUnits(
    const std::string& communes_before_csv, const std::string& conversion_csv,
    absl::string_view province_code);

// As LoadProvinceAdminUnits, with the two files under `dir` by their standard
// names (kCommunesBeforeFileName, kConversionFileName).
absl::StatusOr<AdminUnitCatalog> LoadProvinceAdminUnitsFromDir(
    const std::string& dir, absl::string_view province_code);

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_ADMIN_UNIT_LOADER_H_
