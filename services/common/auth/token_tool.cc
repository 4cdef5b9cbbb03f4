// hoptac-token: signs a bearer token with a key file, for local runs, tests and
// trying the API (scripts/run-local.sh prints a province-admin and a
// unit-officer token made with it). In production the identity provider
// issues tokens; this tool only needs the private key it is given.
//
//   hoptac-token --key_file=.run/pki/token-signing.key --subject=admin.langson
//       --org_unit=20 --role=province_admin --ttl=12h
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "services/common/auth/bearer_token.h"

ABSL_FLAG(std::string, key_file, "", "PEM private key (RSA or P-256 EC) that signs the token.");
ABSL_FLAG(std::string, key_id, "", "Key id for the token header (kid), when verifiers hold several keys.");
ABSL_FLAG(std::string, subject, "", "Who the token names (sub).");
ABSL_FLAG(std::string, org_unit, "", "The official code of the caller's unit, e.g. 183.");
ABSL_FLAG(std::string, role, "", "unit_officer, province_admin, viewer, integration_client or service.");
ABSL_FLAG(std::string, audience, "hoptac", "aud");
ABSL_FLAG(std::string, issuer, "hoptac-dev", "iss");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(12), "How long the token is valid.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("hoptac-token: prints a signed bearer token.");
  absl::ParseCommandLine(argc, argv);
  const std::string key_file = absl::GetFlag(FLAGS_key_file);
  std::ifstream in(key_file);
  if (!in) {
    std::cerr << "hoptac-token: cannot read --key_file " << key_file << "\n";
    return 2;
  }
  std::stringstream pem;
  pem << in.rdbuf();
  const auto role = hoptac::ParseRole(absl::GetFlag(FLAGS_role));
  if (!role.has_value()) {
    std::cerr << "hoptac-token: --role must be one of unit_officer, province_admin, viewer, "
                 "integration_client, service\n";
    return 2;
  }
  hoptac::TokenClaims claims;
  claims.subject = absl::GetFlag(FLAGS_subject);
  claims.org_unit = absl::GetFlag(FLAGS_org_unit);
  claims.role = *role;
  claims.audience = absl::GetFlag(FLAGS_audience);
  claims.issuer = absl::GetFlag(FLAGS_issuer);
  claims.issued_at = absl::Now();
  claims.expires = claims.issued_at + absl::GetFlag(FLAGS_ttl);
  if (claims.subject.empty() || claims.org_unit.empty()) {
    std::cerr << "hoptac-token: --subject and --org_unit are required\n";
    return 2;
  }
  auto token = hoptac::SignToken(claims, pem.str(), absl::GetFlag(FLAGS_key_id));
  if (!token.ok()) {
    std::cerr << "hoptac-token: " << token.status().message() << "\n";
    return 1;
  }
  std::cout << *token << "\n";
  return 0;
}
