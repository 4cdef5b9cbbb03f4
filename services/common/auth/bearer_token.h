// Signed bearer tokens (JWT) that carry a caller's identity: verification,
// which every service does on every call, and signing, for tests, the local
// run and service identities. RS256 and ES256 only: the algorithm follows the
// key, never the token's header, and HS256 (a shared secret) is refused.
#ifndef HOPTAC_SERVICES_COMMON_AUTH_BEARER_TOKEN_H_
#define HOPTAC_SERVICES_COMMON_AUTH_BEARER_TOKEN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"

namespace hoptac {

struct VerificationKey {
  std::string key_id;      // matched against the token header's "kid"; may be empty
  std::string public_pem;  // an RSA (RS256) or P-256 EC (ES256) public key
};

struct TokenVerifierOptions {
  // Several keys while a signing key is rotated: the old one verifies tokens
  // issued before the switch until they expire.
  std::vector<VerificationKey> keys;
  std::string audience = "hoptac";  // must be in the token's "aud"
  std::string issuer;               // when set, must equal the token's "iss"
  absl::Duration clock_skew = absl::Seconds(60);
};

class TokenVerifier {
 public:
  // INVALID_ARGUMENT when a key cannot be read or is neither RSA nor P-256.
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> Create(TokenVerifierOptions options);
  ~TokenVerifier();

  // The caller a token names, or UNAUTHENTICATED saying what is wrong with
  // it (malformed, unknown key, bad signature, expired, not yet valid, wrong
  // audience or issuer, a claim missing) — never what a valid token would be.
  //
  // A token that verified is remembered for up to kRememberVerifiedFor (never
  // past its expiry): checking a signature costs far more than the call it
  // guards, and a caller sends the same token on every call. A key withdrawn
  // from the configuration stops a remembered token within that time.
  absl::StatusOr<Caller> Verify(absl::string_view token, absl::Time now) const;

  static constexpr absl::Duration kRememberVerifiedFor = absl::Minutes(1);

 private:
  struct Key;
  struct Remembered {
    Caller caller;
    absl::Time verified_at;
    absl::Time usable_until;
  };
  TokenVerifier(TokenVerifierOptions options, std::vector<Key> keys);
  absl::StatusOr<Caller> VerifySignatureAndClaims(absl::string_view token, absl::Time now) const;

  TokenVerifierOptions options_;
  std::vector<Key> keys_;
  mutable absl::Mutex remembered_mutex_;
  mutable absl::flat_hash_map<std::string, Remembered> remembered_
      ABSL_GUARDED_BY(remembered_mutex_);
};

struct TokenClaims {
  std::string subject;
  std::string org_unit;
  Role role = Role::kViewer;
  std::string audience = "hoptac";
  std::string issuer;
  absl::Time issued_at;
  absl::Time expires;
};

// Signs `claims` with a PEM private key (RSA → RS256, P-256 EC → ES256).
absl::StatusOr<std::string> SignToken(const TokenClaims& claims, absl::string_view private_pem,
                                      absl::string_view key_id = "");

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_BEARER_TOKEN_H_
