// Helpers shared by the SubsidyStore's .cc files: row readers and the event
// writer. Internal to the store.
#ifndef HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_SQL_H_
#define HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_SQL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/database.h"
#include "services/subsidy/subsidy_store.h"
#include "services/subsidy/subsidy_types.h"

namespace sql {
class PreparedStatement;
}

namespace hoptac::subsidy {

// Appends to `events` and, when `mutation` carries one, its audit event for
// `resource` (every mutation calls it once, in its transaction: the change and
// its audit event commit together).
void InsertEvent(SqlSession& s, const std::string& resource, const std::string& event_type,
                 const std::string& detail, const MutationContext& mutation);

// NOT_FOUND naming the resource when absent. `lock`: SELECT ... FOR UPDATE.
// `id` (optional) receives the program's row id.
absl::StatusOr<Program> ReadProgram(SqlSession& s, const std::string& code, int64_t* id);
absl::StatusOr<Program> ReadProgramById(SqlSession& s, int64_t id);
absl::StatusOr<Beneficiary> ReadBeneficiary(SqlSession& s, int64_t id);
// `with_program_code`: false leaves application.program_code empty (one query less).
absl::StatusOr<Grant> ReadGrant(SqlSession& s, int64_t id, bool lock,
                                bool with_program_code = true);
absl::StatusOr<LedgerEntry> ReadEntry(SqlSession& s, int64_t id);

// SQL true when `column` is one of the units of a list's scope, for the two
// parameters BindUnitScope binds: "(? = 0 OR FIND_IN_SET(column, ?) > 0)".
std::string UnitScopeSql(const std::string& column);
// Binds the parameters of UnitScopeSql at `index`; returns the next index.
int BindUnitScope(sql::PreparedStatement& q, int index, const UnitScope& units);
// Sets g.application.program_code and g.payer_unit_code from g.program_id.
void FillProgramCode(SqlSession& s, Grant& g);

// The columns ReadGrantRow / ReadEntryRow expect, in order.
extern const char kGrantColumns[];
extern const char kEntryColumns[];

}  // namespace hoptac::subsidy

namespace sql {
class ResultSet;
}

namespace hoptac::subsidy {
Grant ReadGrantRow(sql::ResultSet& r);
LedgerEntry ReadEntryRow(sql::ResultSet& r);
Program ReadProgramRow(sql::ResultSet& r);
Beneficiary ReadBeneficiaryRow(sql::ResultSet& r);
extern const char kProgramColumns[];
extern const char kBeneficiaryColumns[];
}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_SQL_H_
