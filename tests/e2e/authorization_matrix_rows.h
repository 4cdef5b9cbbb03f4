// The one table the authorization matrix test is generated from: for every
// RPC, which policy question it asks (RowScope + Access) and a valid request
// naming the records of the unit under test. Placeholders: {U} unit code,
// {RID} a fresh request_id, {NEWREG}/{NEWCODE} fresh identifiers, {COOP}
// {ETAG} {PROGRAM} {PROGRAM_ETAG} {BEN} {BEN_ETAG} {GRANT} {ENTRY} {ACT} {ACT_ETAG} {DRAFT}
// {DRAFT_ETAG} {SNAP} {ROUND}: that unit's records; {DRAFT_JSON}: a complete
// draft for the unit (the fixture's).
#ifndef HOPTAC_TESTS_E2E_AUTHORIZATION_MATRIX_ROWS_H_
#define HOPTAC_TESTS_E2E_AUTHORIZATION_MATRIX_ROWS_H_

#include <string>
#include <vector>

#include "services/common/auth/access_policy.h"

namespace hoptac::e2e {

enum class RowScope {
  kUnit,       // the policy for `access` in the unit under test
  kAnyCaller,  // reference data: any authenticated caller
  kRole,       // belongs to no unit: whether the role may do `access` at all
  kProvince,   // the province's own business (rounds): `access` in unit 20
};

// A record made afresh for each permitted call (its state changes).
enum class FreshRecord {
  kNone,
  kCooperative,
  kProgram,
  kBeneficiary,
  kSuspendedCooperative,
  kDissolvingCooperative,
  kAppliedGrant,
  kLedgerEntry,
  kActivity,
  kDraft,
};

struct MatrixRow {
  const char* service;  // registry, subsidy, outreach, report, gateway
  const char* method;   // full gRPC method
  RowScope scope;
  Access access;
  FreshRecord fresh;
  // Permitted calls must return OK; false: anything but PERMISSION_DENIED and
  // UNAUTHENTICATED (success also depends on state the matrix does not set).
  bool exact;
  const char* request;  // protobuf JSON with placeholders
};

const std::vector<MatrixRow>& MatrixRows();

// Methods of hoptac's services (and the audit service of each) with no row.
std::vector<std::string> MethodsMissingFromTable();

}  // namespace hoptac::e2e

#endif  // HOPTAC_TESTS_E2E_AUTHORIZATION_MATRIX_ROWS_H_
