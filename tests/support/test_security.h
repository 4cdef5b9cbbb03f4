// Security for end-to-end tests, as in a deployment (issue 7): one throw-away
// PKI per test process (made by scripts/lib/dev-pki.sh: a CA, a certificate
// per service, a token-signing key), the flags that make a service serve
// mutual TLS and verify tokens, and channels that call as a given role.
//
//   const TestSecurity& security = TestSecurity::Get();
//   options.args += security.ServiceFlags("registry");
//   auto channel = security.Channel(registry->LoopbackAddress(),
//                                   security.Token(Role::kUnitOfficer, "183"));
#ifndef HOPTAC_TESTS_SUPPORT_TEST_SECURITY_H_
#define HOPTAC_TESTS_SUPPORT_TEST_SECURITY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"

namespace grpc {
class Channel;
class ChannelCredentials;
}  // namespace grpc

namespace hoptac::testing {

inline constexpr char kTestTokenIssuer[] = "hoptac-test";

class TestSecurity {
 public:
  // Made on first use (aborts the test binary if openssl fails); the folder is
  // removed when the process exits.
  static const TestSecurity& Get();

  const std::string& dir() const { return dir_; }

  // --tls_* and --token_* flags for `service` (one of registry, subsidy,
  // outreach, report, gateway, client).
  std::vector<std::string> ServiceFlags(absl::string_view service) const;

  // A token signed by the deployment's key. `ttl` may be negative (expired).
  std::string Token(Role role, absl::string_view org_unit, absl::string_view subject = "tester",
                    absl::Duration ttl = absl::Hours(1)) const;

  // The same claims signed by a key nobody trusts.
  std::string ForgedToken(Role role, absl::string_view org_unit) const;

  // Mutual TLS as the "client" certificate, and no token.
  std::shared_ptr<grpc::ChannelCredentials> ClientCredentials() const;

  // A channel to `address` over mutual TLS whose every call carries `token`
  // (none when empty).
  std::shared_ptr<grpc::Channel> Channel(const std::string& address,
                                         const std::string& token) const;

 private:
  explicit TestSecurity(std::string dir);
  std::string dir_;
  std::string signing_key_;
  std::string forging_key_;
};

}  // namespace hoptac::testing

#endif  // HOPTAC_TESTS_SUPPORT_TEST_SECURITY_H_
