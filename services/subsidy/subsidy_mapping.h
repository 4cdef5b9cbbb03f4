// hoptac.subsidy.v1 messages <-> the service's plain C++ records. Decoding
// normalises text and checks dates, naming the field in INVALID_ARGUMENT.
#ifndef HOPTAC_SERVICES_SUBSIDY_SUBSIDY_MAPPING_H_
#define HOPTAC_SERVICES_SUBSIDY_SUBSIDY_MAPPING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hoptac/subsidy/v1/subsidy.pb.h"
#include "services/subsidy/subsidy_store.h"

namespace hoptac::subsidy {

absl::StatusOr<Program> ProgramFromProto(const v1::Program& proto);
void ProgramToProto(const Program& program, v1::Program* out);
void BeneficiaryToProto(const Beneficiary& b, v1::Beneficiary* out);
void GrantToProto(const Grant& g, v1::Grant* out);
void EntryToProto(const LedgerEntry& e, v1::LedgerEntry* out);
void FiguresToProto(const SubsidyFigures& f, v1::SubsidyFigures* out);

// The numeric id in "<collection>/<id>"; INVALID_ARGUMENT naming `field`.
absl::StatusOr<int64_t> ParseId(absl::string_view name, absl::string_view collection,
                                absl::string_view field);

// Normalised text; INVALID_ARGUMENT naming `field` when required and empty
// or longer than `max_chars` bytes.
absl::StatusOr<std::string> TextField(absl::string_view value, absl::string_view field,
                                      bool required, size_t max_bytes = 512);

}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_SUBSIDY_MAPPING_H_
