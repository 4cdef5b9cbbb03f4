// The kernel's RegistryClient against a real RegistryService (in-process gRPC
// server, real MariaDB): what other services will see.
#include "services/common/registry_client.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/client.h"
#include "services/registry/registry_service.h"
#include "services/registry/registry_store_fixture.h"

namespace hoptac::registry {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RegistryClientTest : public RegistryStoreTest {
 protected:
  void SetUp() override {
    RegistryStoreTest::SetUp();
    if (HasFatalFailure()) return;
    service_ = std::make_unique<RegistryService>(*store_, [] { return kToday; });
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    client_ = std::make_unique<RegistryClient>(absl::StrCat("127.0.0.1:", port_));
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::unique_ptr<RegistryService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<RegistryClient> client_;
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
