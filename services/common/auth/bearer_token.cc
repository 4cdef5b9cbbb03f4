#include "services/common/auth/bearer_token.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace hoptac {

struct TokenVerifier::Key {
  std::string key_id;
  std::string pem;
  jwt_alg_t alg = JWT_ALG_NONE;
};

namespace {

// Longer tokens are refused before any parsing.
constexpr size_t kMaxTokenBytes = 8192;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// RS256 for an RSA key, ES256 for a P-256 key; JWT_ALG_NONE for anything else.
jwt_alg_t AlgorithmOf(absl::string_view pem, bool is_private) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return JWT_ALG_NONE;
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      is_private ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr)
                 : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  if (key == nullptr) return JWT_ALG_NONE;
  switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
      return EVP_PKEY_get_bits(key.get()) >= 2048 ? JWT_ALG_RS256 : JWT_ALG_NONE;
    case EVP_PKEY_EC: {
      char group[64] = {0};
      size_t length = 0;
      if (EVP_PKEY_get_group_name(key.get(), group, sizeof(group), &length) != 1) {
        return JWT_ALG_NONE;
      }
      return absl::string_view(group, length) == "prime256v1" ? JWT_ALG_ES256 : JWT_ALG_NONE;
    }
    default:
      return JWT_ALG_NONE;
  }
}

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("bearer token ", why));
}

std::string StringClaim(jwt_t* jwt, const char* name) {
  const char* value = jwt_get_grant(jwt, name);
  return value == nullptr ? std::string() : std::string(value);
}

// "aud" is a string or an array of strings.
bool AudienceContains(jwt_t* jwt, const std::string& audience) {
  if (const char* single = jwt_get_grant(jwt, "aud"); single != nullptr) {
    return audience == single;
  }
  char* json = jwt_get_grants_json(jwt, "aud");
  if (json == nullptr) return false;
  const bool found = absl::StrContains(json, absl::StrCat("\"", audience, "\""));
  free(json);
  return found;
}

// Numeric date claim; nullopt when absent (libjwt sets errno to ENOENT).
std::optional<absl::Time> TimeClaim(jwt_t* jwt, const char* name) {
  errno = 0;
  const long seconds = jwt_get_grant_int(jwt, name);
  if (errno != 0) return std::nullopt;
  return absl::FromUnixSeconds(seconds);
}

}  // namespace

TokenVerifier::TokenVerifier(TokenVerifierOptions options, std::vector<Key> keys)
    : options_(std::move(options)), keys_(std::move(keys)) {}

TokenVerifier::~TokenVerifier() = default;

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Create(
    TokenVerifierOptions options) {
  if (options.keys.empty()) {
    return absl::InvalidArgumentError("token verification needs at least one public key");
  }
  if (options.audience.empty()) {
    return absl::InvalidArgumentError("token verification needs an audience");
  }
  std::vector<Key> keys;
  for (const VerificationKey& key : options.keys) {
    const jwt_alg_t alg = AlgorithmOf(key.public_pem, /*is_private=*/false);
    if (alg == JWT_ALG_NONE) {
      return absl::InvalidArgumentError(absl::StrCat(
          "token key ", key.key_id.empty() ? "(no id)" : key.key_id,
          " is not a PEM public key of RSA (2048 bits or more) or P-256 EC"));
    }
    keys.push_back(Key{key.key_id, key.public_pem, alg});
  }
  return std::unique_ptr<TokenVerifier>(new TokenVerifier(std::move(options), std::move(keys)));
}

absl::StatusOr<Caller> TokenVerifier::Verify(absl::string_view token, absl::Time now) const {
  constexpr size_t kMaxRemembered = 10000;
  {
    absl::MutexLock lock(&remembered_mutex_);
    auto it = remembered_.find(token);
    if (it != remembered_.end() && now >= it->second.verified_at &&
        now <= it->second.usable_until) {
      return it->second.caller;
    }
  }
  absl::StatusOr<Caller> caller = VerifySignatureAndClaims(token, now);
  if (caller.ok()) {
    absl::MutexLock lock(&remembered_mutex_);
    if (remembered_.size() >= kMaxRemembered) remembered_.clear();
    remembered_[std::string(token)] =
        Remembered{*caller, now,
                   std::min(now + kRememberVerifiedFor, caller->expires + options_.clock_skew)};
  }
  return caller;
}

absl::StatusOr<Caller> TokenVerifier::VerifySignatureAndClaims(absl::string_view token,
                                                               absl::Time now) const {
  if (token.empty()) return Unauthenticated("missing");
  if (token.size() > kMaxTokenBytes) return Unauthenticated("too long");
  const std::string text(token);
  // Read the header without trusting it, only to pick the key.
  jwt_t* unverified_raw = nullptr;
  if (jwt_decode(&unverified_raw, text.c_str(), nullptr, 0) != 0) {
    return Unauthenticated("malformed");
  }
  JwtPtr unverified(unverified_raw);
  const char* kid_header = jwt_get_header(unverified.get(), "kid");
  const std::string kid = kid_header == nullptr ? "" : kid_header;
  // Without a key libjwt records no algorithm: read the header's own.
  const char* alg_header = jwt_get_header(unverified.get(), "alg");
  const jwt_alg_t claimed_alg = alg_header == nullptr ? JWT_ALG_NONE : jwt_str_alg(alg_header);

  JwtPtr verified;
  bool key_known = false;
  for (const Key& key : keys_) {
    if (!kid.empty() && !key.key_id.empty() && key.key_id != kid) continue;
    // The algorithm is the key's: a token claiming HS256 (or none) is never
    // checked against a public key used as an HMAC secret.
    if (claimed_alg != key.alg) continue;
    key_known = true;
    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(key.pem.data()),
                   static_cast<int>(key.pem.size())) == 0) {
      verified.reset(raw);
      if (jwt_get_alg(verified.get()) == key.alg) break;
      verified.reset();
    }
  }
  if (!key_known) {
    return Unauthenticated(claimed_alg == JWT_ALG_RS256 || claimed_alg == JWT_ALG_ES256
                               ? "signed with an unknown key"
                               : "not signed with RS256 or ES256");
  }
  if (verified == nullptr) return Unauthenticated("signature is invalid");
  jwt_t* jwt = verified.get();

  const std::optional<absl::Time> expires = TimeClaim(jwt, "exp");
  if (!expires.has_value()) return Unauthenticated("has no expiry (exp)");
  if (now > *expires + options_.clock_skew) return Unauthenticated("expired");
  if (auto not_before = TimeClaim(jwt, "nbf");
      not_before.has_value() && now + options_.clock_skew < *not_before) {
    return Unauthenticated("not valid yet (nbf)");
  }
  if (!AudienceContains(jwt, options_.audience)) {
    return Unauthenticated(absl::StrCat("is not for audience \"", options_.audience, "\""));
  }
  if (!options_.issuer.empty() && StringClaim(jwt, "iss") != options_.issuer) {
    return Unauthenticated(absl::StrCat("is not issued by \"", options_.issuer, "\""));
  }
  Caller caller;
  caller.subject = StringClaim(jwt, "sub");
  caller.org_unit = StringClaim(jwt, "org_unit");
  const std::string role = StringClaim(jwt, "role");
  if (caller.subject.empty()) return Unauthenticated("has no subject (sub)");
  if (caller.org_unit.empty()) return Unauthenticated("has no org_unit");
  const std::optional<Role> parsed = ParseRole(role);
  if (!parsed.has_value()) return Unauthenticated("has no known role");
  caller.role = *parsed;
  caller.expires = *expires;
  caller.token = text;
  return caller;
}

absl::StatusOr<std::string> SignToken(const TokenClaims& claims, absl::string_view private_pem,
                                      absl::string_view key_id) {
  const jwt_alg_t alg = AlgorithmOf(private_pem, /*is_private=*/true);
  if (alg == JWT_ALG_NONE) {
    return absl::InvalidArgumentError(
        "signing key is not a PEM private key of RSA (2048 bits or more) or P-256 EC");
  }
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("cannot allocate a token");
  JwtPtr jwt(raw);
  const std::string pem(private_pem);
  int failed = jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char*>(pem.data()),
                           static_cast<int>(pem.size()));
  if (!key_id.empty()) failed |= jwt_add_header(jwt.get(), "kid", std::string(key_id).c_str());
  failed |= jwt_add_grant(jwt.get(), "sub", claims.subject.c_str());
  failed |= jwt_add_grant(jwt.get(), "org_unit", claims.org_unit.c_str());
  failed |= jwt_add_grant(jwt.get(), "role", std::string(RoleName(claims.role)).c_str());
  failed |= jwt_add_grant(jwt.get(), "aud", claims.audience.c_str());
  if (!claims.issuer.empty()) failed |= jwt_add_grant(jwt.get(), "iss", claims.issuer.c_str());
  failed |= jwt_add_grant_int(jwt.get(), "iat", absl::ToUnixSeconds(claims.issued_at));
  failed |= jwt_add_grant_int(jwt.get(), "exp", absl::ToUnixSeconds(claims.expires));
  if (failed != 0) return absl::InternalError("cannot build the token");
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) return absl::InternalError("cannot sign the token");
  std::string token(encoded);
  free(encoded);
  return token;
}

}  // namespace hoptac
