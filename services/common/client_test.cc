// Deadlines of outgoing calls, observed inside a real in-process gRPC server.
#include "services/common/client.h"

#include <memory>
#include <string>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace hoptac {
namespace {

// Answers every call at once, after noting the deadline a handler would give
// its own outgoing calls.
class DeadlineProbe : public grpc::CallbackGenericService {
 public:
  absl::Time observed_outgoing = absl::InfinitePast();
  absl::Time observed_incoming = absl::InfinitePast();
  std::optional<std::string> observed_authorization;

  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
    observed_incoming = IncomingDeadline(ctx);
    observed_outgoing = OutgoingDeadline(ctx, absl::Seconds(30), absl::Milliseconds(50));
    observed_authorization = IncomingAuthorization(ctx);
    class Done : public grpc::ServerGenericBidiReactor {
     public:
      Done() { Finish(grpc::Status::OK); }
      void OnDone() override { delete this; }
    };
    return new Done;
  }
};

class ClientDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterCallbackGenericService(&probe_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override { server_->Shutdown(); }

  grpc::Status Call(std::unique_ptr<grpc::ClientContext> context) {
    auto channel = MakeServiceChannel("127.0.0.1:" + std::to_string(port_), "test.Probe");
    grpc::GenericStub stub(channel);
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    grpc::Status result;
    absl::Notification done;
    stub.UnaryCall(context.get(), "/test.Probe/Call", grpc::StubOptions(), &request, &response,
                   [&](grpc::Status s) {
                     result = s;
                     done.Notify();
                   });
    done.WaitForNotification();
    return result;
  }

  DeadlineProbe probe_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(ClientDeadlineTest, OutgoingDeadlineIsTheIncomingOneLessTheMargin) {
  auto context = std::make_unique<grpc::ClientContext>();
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  context->set_deadline(absl::ToChronoTime(deadline));
  ASSERT_TRUE(Call(std::move(context)).ok());
  // The server sees the client's deadline (to transport precision) and gives
  // its own calls 50 ms less.
  EXPECT_LT(absl::AbsDuration(probe_.observed_incoming - deadline), absl::Milliseconds(100));
  EXPECT_LT(absl::AbsDuration(probe_.observed_outgoing - (probe_.observed_incoming -
                                                          absl::Milliseconds(50))),
            absl::Milliseconds(1));
}

TEST_F(ClientDeadlineTest, WithoutAnIncomingDeadlineTheCapApplies) {
  const absl::Time before = absl::Now();
  ASSERT_TRUE(Call(std::make_unique<grpc::ClientContext>()).ok());
  EXPECT_EQ(probe_.observed_incoming, absl::InfiniteFuture());
  EXPECT_GE(probe_.observed_outgoing, before + absl::Seconds(30));
  EXPECT_LT(probe_.observed_outgoing, absl::Now() + absl::Seconds(30) + absl::Seconds(1));
}

TEST_F(ClientDeadlineTest, TheCapWinsOverALaterIncomingDeadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Hours(2)));
  const absl::Time before = absl::Now();
  ASSERT_TRUE(Call(std::move(context)).ok());
  EXPECT_LT(probe_.observed_outgoing, before + absl::Seconds(31));
}

TEST_F(ClientDeadlineTest, TheCallersAuthorizationIsWhatAnOutgoingCallForwards) {
  auto with_token = std::make_unique<grpc::ClientContext>();
  with_token->AddMetadata("authorization", "Bearer header.payload.signature");
  ASSERT_TRUE(Call(std::move(with_token)).ok());
  EXPECT_EQ(probe_.observed_authorization, "Bearer header.payload.signature");
  ASSERT_TRUE(Call(std::make_unique<grpc::ClientContext>()).ok());
  EXPECT_EQ(probe_.observed_authorization, std::nullopt);
}

TEST(RetryServiceConfig, BalancesCallsRoundRobin) {
  EXPECT_THAT(RetryServiceConfig("hoptac.registry.v1.RegistryService"),
              ::testing::HasSubstr("\"loadBalancingConfig\":[{\"round_robin\":{}}]"));
}

TEST(RetryServiceConfig, RetriesOnlyUnavailable) {
  const std::string config = RetryServiceConfig("hoptac.registry.v1.RegistryService");
  EXPECT_THAT(config, ::testing::HasSubstr("\"retryableStatusCodes\":[\"UNAVAILABLE\"]"));
  EXPECT_THAT(config, ::testing::HasSubstr("\"service\":\"hoptac.registry.v1.RegistryService\""));
}

}  // namespace
}  // namespace hoptac
