#include "services/common/auth/bearer_token.h"

#include <jwt.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/testing/test_keys.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::GenerateTestKeyPair;
using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestKeyPair;
using ::testing::HasSubstr;

const TestKeyPair& RsaKey() {
  static const TestKeyPair* key = new TestKeyPair(GenerateTestKeyPair("RSA"));
  return *key;
}
const TestKeyPair& OtherRsaKey() {
  static const TestKeyPair* key = new TestKeyPair(GenerateTestKeyPair("RSA"));
  return *key;
}
const TestKeyPair& EcKey() {
  static const TestKeyPair* key = new TestKeyPair(GenerateTestKeyPair("EC"));
  return *key;
}

const absl::Time kNow = absl::FromUnixSeconds(1'790'000'000);

TokenClaims OfficerClaims() {
  TokenClaims claims;
  claims.subject = "officer.caoloc";
  claims.org_unit = "183";
  claims.role = Role::kUnitOfficer;
  claims.issuer = "hoptac-dev";
  claims.issued_at = kNow - absl::Minutes(5);
  claims.expires = kNow + absl::Hours(1);
  return claims;
}

std::unique_ptr<TokenVerifier> Verifier(std::vector<VerificationKey> keys) {
  TokenVerifierOptions options;
  options.keys = std::move(keys);
  options.issuer = "hoptac-dev";
  auto verifier = TokenVerifier::Create(std::move(options));
  EXPECT_THAT(verifier, IsOk());
  return verifier.ok() ? *std::move(verifier) : nullptr;
}

std::string Sign(const TokenClaims& claims, const TestKeyPair& key, absl::string_view kid = "") {
  auto token = SignToken(claims, key.private_pem, kid);
  EXPECT_THAT(token, IsOk());
  return token.ok() ? *token : "";
}

TEST(BearerTokenTest, AnRs256TokenNamesItsCaller) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  const std::string token = Sign(OfficerClaims(), RsaKey());
  auto caller = verifier->Verify(token, kNow);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->subject, "officer.caoloc");
  EXPECT_EQ(caller->org_unit, "183");
  EXPECT_EQ(caller->role, Role::kUnitOfficer);
  EXPECT_EQ(caller->expires, kNow + absl::Hours(1));
  EXPECT_EQ(caller->token, token);
  EXPECT_EQ(caller->Actor(), "officer.caoloc (unit_officer, orgUnits/183)");
}

TEST(BearerTokenTest, AnEs256TokenNamesItsCaller) {
  auto verifier = Verifier({{"", EcKey().public_pem}});
  TokenClaims claims = OfficerClaims();
  claims.role = Role::kProvinceAdmin;
  claims.org_unit = "20";
  auto caller = verifier->Verify(Sign(claims, EcKey()), kNow);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->role, Role::kProvinceAdmin);
  EXPECT_EQ(caller->org_unit, "20");
}

TEST(BearerTokenTest, ExpiryAllowsTheClockSkewAndNoMore) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  const std::string token = Sign(OfficerClaims(), RsaKey());
  EXPECT_THAT(verifier->Verify(token, kNow + absl::Hours(1) + absl::Seconds(59)), IsOk());
  EXPECT_THAT(verifier->Verify(token, kNow + absl::Hours(1) + absl::Seconds(61)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
}

TEST(BearerTokenTest, ATokenSignedByAnotherKeyIsRefused) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  EXPECT_THAT(verifier->Verify(Sign(OfficerClaims(), OtherRsaKey()), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature is invalid")));
}

TEST(BearerTokenTest, AnEditedPayloadIsRefused) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  const std::string token = Sign(OfficerClaims(), RsaKey());
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);
  std::string payload;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &payload));
  payload = absl::StrReplaceAll(payload, {{"unit_officer", "province_admin"}});
  std::string forged_payload;
  absl::WebSafeBase64Escape(payload, &forged_payload);
  const std::string forged = absl::StrCat(parts[0], ".", forged_payload, ".", parts[2]);
  EXPECT_THAT(verifier->Verify(forged, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("signature is invalid")));
}

// The classic forgery: HS256 with the (public) verification key as the secret.
TEST(BearerTokenTest, Hs256WithThePublicKeyAsSecretIsRefused) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  jwt_t* jwt = nullptr;
  ASSERT_EQ(jwt_new(&jwt), 0);
  const std::string& secret = RsaKey().public_pem;
  ASSERT_EQ(jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
                        static_cast<int>(secret.size())),
            0);
  jwt_add_grant(jwt, "sub", "intruder");
  jwt_add_grant(jwt, "org_unit", "20");
  jwt_add_grant(jwt, "role", "province_admin");
  jwt_add_grant(jwt, "aud", "hoptac");
  jwt_add_grant(jwt, "iss", "hoptac-dev");
  jwt_add_grant_int(jwt, "exp", absl::ToUnixSeconds(kNow + absl::Hours(1)));
  char* encoded = jwt_encode_str(jwt);
  ASSERT_NE(encoded, nullptr);
  const std::string token(encoded);
  free(encoded);
  jwt_free(jwt);
  EXPECT_THAT(verifier->Verify(token, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("not signed with RS256")));
}

TEST(BearerTokenTest, AnUnsignedTokenIsRefused) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  std::string header, payload;
  absl::WebSafeBase64Escape(R"({"alg":"none","typ":"JWT"})", &header);
  absl::WebSafeBase64Escape(
      absl::StrCat(R"({"sub":"x","org_unit":"20","role":"province_admin","aud":"hoptac",)",
                   R"("iss":"hoptac-dev","exp":)", absl::ToUnixSeconds(kNow + absl::Hours(1)), "}"),
      &payload);
  EXPECT_THAT(verifier->Verify(absl::StrCat(header, ".", payload, "."), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
}

TEST(BearerTokenTest, AudienceAndIssuerMustMatch) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  TokenClaims other_audience = OfficerClaims();
  other_audience.audience = "another-system";
  EXPECT_THAT(verifier->Verify(Sign(other_audience, RsaKey()), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("audience")));
  TokenClaims other_issuer = OfficerClaims();
  other_issuer.issuer = "somebody-else";
  EXPECT_THAT(verifier->Verify(Sign(other_issuer, RsaKey()), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("issued by")));
}

TEST(BearerTokenTest, EveryIdentityClaimIsRequired) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  TokenClaims no_unit = OfficerClaims();
  no_unit.org_unit.clear();
  EXPECT_THAT(verifier->Verify(Sign(no_unit, RsaKey()), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("org_unit")));
  TokenClaims no_subject = OfficerClaims();
  no_subject.subject.clear();
  EXPECT_THAT(verifier->Verify(Sign(no_subject, RsaKey()), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("subject")));
}

TEST(BearerTokenTest, DuringKeyRotationBothKeysVerifyByKeyId) {
  auto verifier = Verifier({{"2026-a", RsaKey().public_pem}, {"2026-b", EcKey().public_pem}});
  EXPECT_THAT(verifier->Verify(Sign(OfficerClaims(), RsaKey(), "2026-a"), kNow), IsOk());
  EXPECT_THAT(verifier->Verify(Sign(OfficerClaims(), EcKey(), "2026-b"), kNow), IsOk());
  EXPECT_THAT(verifier->Verify(Sign(OfficerClaims(), OtherRsaKey(), "2025-z"), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("unknown key")));
}

TEST(BearerTokenTest, GarbageIsMalformedAndNothingIsMissing) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  EXPECT_THAT(verifier->Verify("", kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("missing")));
  EXPECT_THAT(verifier->Verify("not.a.token", kNow), StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
  EXPECT_THAT(verifier->Verify(std::string(10000, 'a'), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("too long")));
}

TEST(BearerTokenTest, OnlyStrongPublicKeysAreAccepted) {
  TokenVerifierOptions options;
  options.keys = {{"k1", "-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n"}};
  EXPECT_THAT(TokenVerifier::Create(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("k1")));
  options.keys = {{"private", RsaKey().private_pem}};
  EXPECT_THAT(TokenVerifier::Create(options), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  options.keys.clear();
  EXPECT_THAT(TokenVerifier::Create(options), StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
}

// A token made the way RFC 7515 says (ES256 = raw 32-byte r || s, not DER),
// signed with OpenSSL directly rather than with the library that verifies,
// as an identity provider would issue it.
std::string StandardEs256Token(const std::string& private_pem, const std::string& payload_json) {
  std::string header, payload;
  absl::WebSafeBase64Escape(R"({"alg":"ES256","typ":"JWT"})", &header);
  absl::WebSafeBase64Escape(payload_json, &payload);
  const std::string signing_input = absl::StrCat(header, ".", payload);
  BIO* bio = BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  size_t der_length = 0;
  EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(context, nullptr, &der_length,
                 reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  std::string der(der_length, '\0');
  EVP_DigestSign(context, reinterpret_cast<unsigned char*>(der.data()), &der_length,
                 reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  EVP_MD_CTX_free(context);
  EVP_PKEY_free(key);
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* signature = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_length));
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(signature), reinterpret_cast<unsigned char*>(raw.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(signature), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
  ECDSA_SIG_free(signature);
  std::string encoded_signature;
  absl::WebSafeBase64Escape(raw, &encoded_signature);
  return absl::StrCat(signing_input, ".", encoded_signature);
}

TEST(BearerTokenTest, AStandardEs256TokenFromAnIdentityProviderVerifies) {
  auto verifier = Verifier({{"", EcKey().public_pem}});
  const std::string token = StandardEs256Token(
      EcKey().private_pem,
      absl::StrCat(R"({"sub":"it.system","org_unit":"20","role":"integration_client",)",
                   R"("aud":["hoptac","other"],"iss":"hoptac-dev","exp":)",
                   absl::ToUnixSeconds(kNow + absl::Minutes(10)), "}"));
  auto caller = verifier->Verify(token, kNow);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->role, Role::kIntegrationClient);
  EXPECT_EQ(caller->subject, "it.system");
}

}  // namespace
}  // namespace hoptac

namespace hoptac {
namespace {

// A verified token is remembered, but never beyond its expiry (with the skew).
TEST(BearerTokenRememberedTest, ARememberedTokenStillExpires) {
  auto verifier = Verifier({{"", RsaKey().public_pem}});
  const std::string token = Sign(OfficerClaims(), RsaKey());
  const absl::Time just_before_expiry = kNow + absl::Hours(1) - absl::Seconds(10);
  ASSERT_THAT(verifier->Verify(token, just_before_expiry), IsOk());
  EXPECT_THAT(verifier->Verify(token, just_before_expiry + absl::Seconds(5)), IsOk());
  EXPECT_THAT(verifier->Verify(token, kNow + absl::Hours(1) + absl::Seconds(61)),
              StatusIs(absl::StatusCode::kUnauthenticated, ::testing::HasSubstr("expired")));
}

}  // namespace
}  // namespace hoptac
