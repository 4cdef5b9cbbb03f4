// A request that does not parse is INVALID_ARGUMENT, not INTERNAL; a request
// that parses keeps the handler's status.
#include "services/common/malformed_request_interceptor.h"

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/common/v1/audit.grpc.pb.h"
#include "services/common/auth/audit_service.h"
#include "services/common/database.h"

namespace hoptac {
namespace {

class MalformedRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.dsn.host = "127.0.0.1";
    options.dsn.port = 1;  // never reached: every call here ends before the store
    database_ = std::make_unique<Database>(options);
    service_ = std::make_unique<AuditService>(*database_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
    factories.push_back(std::make_unique<MalformedRequestInterceptorFactory>());
    builder.experimental().SetInterceptorCreators(std::move(factories));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                   grpc::InsecureChannelCredentials());
  }

  void TearDown() override { server_->Shutdown(); }

  grpc::Status CallWithBytes(const std::string& bytes) {
    grpc::GenericStub stub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    grpc::Status result;
    bool done = false;
    std::mutex mutex;
    std::condition_variable cv;
    stub.UnaryCall(&context, "/hoptac.common.v1.AuditService/ListAuditEvents", {}, &request,
                   &response, [&](grpc::Status status) {
                     std::lock_guard<std::mutex> lock(mutex);
                     result = status;
                     done = true;
                     cv.notify_one();
                   });
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return done; });
    return result;
  }

  std::unique_ptr<Database> database_;
  std::unique_ptr<AuditService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(MalformedRequestTest, InvalidUtf8InAStringFieldIsInvalidArgument) {
  // Field 3 (subject), length-delimited, two bytes that are not UTF-8.
  const std::string bytes = {'\x1a', '\x02', '\xff', '\xfe'};
  const grpc::Status status = CallWithBytes(bytes);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_NE(status.error_message().find("ListAuditEvents"), std::string::npos);
}

TEST_F(MalformedRequestTest, TruncatedMessageIsInvalidArgument) {
  const std::string bytes = {'\x1a', '\x10', 'a'};  // says 16 bytes, carries one
  EXPECT_EQ(CallWithBytes(bytes).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(MalformedRequestTest, AValidRequestKeepsTheHandlersStatus) {
  hoptac::common::v1::ListAuditEventsRequest request;
  request.set_subject("officer.caoloc");
  // No token: the handler's own answer, not the interceptor's.
  EXPECT_EQ(CallWithBytes(request.SerializeAsString()).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace hoptac
