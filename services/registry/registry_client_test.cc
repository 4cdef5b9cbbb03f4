// The kernel's RegistryClient against a real RegistryService (in-process gRPC
// server, real MariaDB): what other services will see. Every call carries a
// bearer token, as it does when another service calls for its caller.
#include "services/common/registry_client.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/client_interceptor.h"
#include "gtest/gtest.h"
#include "services/common/auth/bearer_token.h"
#include "services/common/auth/call_identity.h"
#include "services/common/auth/testing/test_keys.h"
#include "services/common/client.h"
#include "services/registry/registry_service.h"
#include "services/registry/registry_store_fixture.h"

namespace hoptac::registry {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Adds "authorization: Bearer <token>" to every call of a channel (the
// client's calls made with no incoming call to forward from).
class BearerTokenInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerTokenInterceptor(std::string token) : token_(std::move(token)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", "Bearer " + token_});
    }
    methods->Proceed();
  }

 private:
  std::string token_;
};

class BearerTokenInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenInterceptorFactory(std::string token) : token_(std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerTokenInterceptor(token_);
  }

 private:
  std::string token_;
};

// Test keys and the process's verifier, made once.
struct TestTokens {
  hoptac::testing::TestKeyPair keys = hoptac::testing::GenerateTestKeyPair("EC");
  std::unique_ptr<TokenVerifier> verifier;

  static TestTokens& Get() {
    static TestTokens* tokens = [] {
      auto* t = new TestTokens;
      TokenVerifierOptions options;
      options.keys.push_back({"", t->keys.public_pem});
      t->verifier = *TokenVerifier::Create(options);
      SetCallerVerifierForTesting(t->verifier.get());
      return t;
    }();
    return *tokens;
  }

  std::string Token(Role role, const std::string& unit) const {
    TokenClaims claims;
    claims.subject = "tester";
    claims.org_unit = unit;
    claims.role = role;
    claims.issued_at = absl::Now();
    claims.expires = absl::Now() + absl::Hours(1);
    return *SignToken(claims, keys.private_pem);
  }
};

std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& target,
                                                const std::string& token) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<BearerTokenInterceptorFactory>(token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(factories));
}

class RegistryClientTest : public RegistryStoreTest {
 protected:
  void SetUp() override {
    RegistryStoreTest::SetUp();
    if (HasFatalFailure()) return;
    const TestTokens& tokens = TestTokens::Get();
    service_ = std::make_unique<RegistryService>(*store_, db_.get(), [] { return kToday; });
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    address_ = absl::StrCat("127.0.0.1:", port_);
    client_ = std::make_unique<RegistryClient>(
        ChannelWithToken(address_, tokens.Token(Role::kProvinceAdmin, "20")));
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::unique_ptr<RegistryService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<RegistryClient> client_;
  std::string address_;
  int port_ = 0;
};

TEST_F(RegistryClientTest, SeesACooperativeAsItWasOnADay) {
  Create(Fields("4900123456", "Hợp tác xã Nông nghiệp Công Sơn", "06247",
                absl::CivilDay(2020, 3, 15)));
  ASSERT_THAT(Change("4900123456", LifecycleAction::kSuspend, absl::CivilDay(2023, 6, 1)), IsOk());
  auto active = client_->GetCooperativeOn(nullptr, "4900123456", absl::CivilDay(2023, 1, 1));
  ASSERT_THAT(active, IsOk());
  EXPECT_EQ(active->display_name, "Hợp tác xã Nông nghiệp Công Sơn");
  EXPECT_EQ(active->status, v1::COOPERATIVE_STATUS_ACTIVE);
  EXPECT_EQ(active->kind, v1::COOPERATIVE_KIND_COOPERATIVE);
  EXPECT_EQ(active->org_unit_code, "06247");
  auto suspended = client_->GetCooperativeOn(nullptr, "4900123456", absl::CivilDay(2023, 7, 1));
  ASSERT_THAT(suspended, IsOk());
  EXPECT_EQ(suspended->status, v1::COOPERATIVE_STATUS_SUSPENDED);
  EXPECT_THAT(client_->GetCooperativeOn(nullptr, "4900123456", absl::CivilDay(2019, 1, 1)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("did not exist")));
}

TEST_F(RegistryClientTest, ResolvesUnitsAndSubtrees) {
  auto unit = client_->GetOrgUnitOn(nullptr, "183", absl::CivilDay(2023, 12, 31));
  ASSERT_THAT(unit, IsOk());
  EXPECT_EQ(unit->display_name, "Huyện Cao Lộc");
  EXPECT_EQ(unit->level, v1::ORG_UNIT_LEVEL_DISTRICT);
  EXPECT_THAT(client_->GetOrgUnitOn(nullptr, "183", absl::CivilDay(2026, 1, 1)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("183")));
  auto codes = client_->ResolveSubtreeCodes(nullptr, "05977", absl::CivilDay(2026, 1, 1));
  ASSERT_THAT(codes, IsOk());
  EXPECT_THAT(*codes, ElementsAre("05977", "05980", "05992", "06247"));
}

TEST_F(RegistryClientTest, AUnitOfficerReadsOnlyCooperativesOfItsUnit) {
  Create(Fields("4900123456", "Hợp tác xã Nông nghiệp Công Sơn", "06247",
                absl::CivilDay(2020, 3, 15)));
  const TestTokens& tokens = TestTokens::Get();
  // Cao Lộc (183, a district until 2025) holds Yên Trạch (06247).
  RegistryClient cao_loc(ChannelWithToken(address_, tokens.Token(Role::kUnitOfficer, "183")));
  EXPECT_THAT(cao_loc.GetCooperativeOn(nullptr, "4900123456", absl::CivilDay(2023, 1, 1)), IsOk());
  // TP Lạng Sơn (178) does not.
  RegistryClient lang_son(ChannelWithToken(address_, tokens.Token(Role::kUnitOfficer, "178")));
  EXPECT_THAT(lang_son.GetCooperativeOn(nullptr, "4900123456", absl::CivilDay(2023, 1, 1)),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // The org-unit tree is reference data: every authenticated caller reads it.
  EXPECT_THAT(lang_son.ResolveSubtreeCodes(nullptr, "183", absl::CivilDay(2023, 1, 1)), IsOk());
}

TEST_F(RegistryClientTest, ACallWithoutATokenIsUnauthenticated) {
  RegistryClient anonymous(absl::StrCat("127.0.0.1:", port_));
  EXPECT_THAT(anonymous.ResolveSubtreeCodes(nullptr, "183", absl::CivilDay(2023, 1, 1)),
              StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
}

TEST(RegistryClientDown, AnUnreachableRegistryIsUnavailableNamingIt) {
  // Nothing listens on port 1; the retry policy tries again, then gives up.
  RegistryClient client("127.0.0.1:1");
  EXPECT_THAT(client.GetCooperativeOn(nullptr, "4900123456", absl::CivilDay(2023, 1, 1)),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
  EXPECT_THAT(client.ResolveSubtreeCodes(nullptr, "183", absl::CivilDay(2023, 1, 1)),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
}

}  // namespace
}  // namespace hoptac::registry
