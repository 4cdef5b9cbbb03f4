// Field-mask updates of a cooperative (AIP-134) and the record of what changed.
#ifndef HOPTAC_SERVICES_REGISTRY_COOPERATIVE_UPDATE_H_
#define HOPTAC_SERVICES_REGISTRY_COOPERATIVE_UPDATE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/registry/cooperative.h"
#include "services/registry/cooperative_records.h"

namespace hoptac::registry {

// The fields UpdateCooperative may change. registration_number is immutable.
const std::vector<std::string>& UpdatableCooperativeFields();

// INVALID_ARGUMENT naming update_mask when it is empty, repeats a field or
// names one that is unknown or immutable.
absl::Status CheckUpdateMask(const std::vector<std::string>& mask);

// Copies the masked fields of `requested` into `current`.
void ApplyUpdateMask(const CooperativeFields& requested, const std::vector<std::string>& mask,
                     CooperativeFields& current);

// The fields whose values differ, in the order of UpdatableCooperativeFields,
// with values as text ("2023-10-13" for dates, decimal for numbers).
std::vector<FieldChange> DiffCooperativeFields(const CooperativeFields& before,
                                               const CooperativeFields& after);

// Every field of a new cooperative as changes from nothing (the CREATED event).
std::vector<FieldChange> InitialCooperativeFields(const CooperativeFields& fields);

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_COOPERATIVE_UPDATE_H_
