#include "services/common/auth/transport_security.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

ABSL_DECLARE_FLAG(bool, insecure);
ABSL_DECLARE_FLAG(std::string, tls_cert_file);
ABSL_DECLARE_FLAG(std::string, tls_key_file);
ABSL_DECLARE_FLAG(std::string, tls_ca_file);
ABSL_DECLARE_FLAG(std::string, tls_client_auth);

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Two throw-away PKIs made by the same script as local runs use: the
// deployment's, and an intruder's.
class TransportSecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/hoptac-pki-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = new std::string(pattern);
    for (const char* pki : {"/ours", "/theirs"}) {
      const std::string command = absl::StrCat("bash " HOPTAC_SOURCE_DIR "/scripts/lib/dev-pki.sh ",
                                               *root_, pki, " registry client");
      ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }
  }
  static void TearDownTestSuite() {
    std::system(absl::StrCat("rm -rf ", *root_).c_str());
    delete root_;
  }

  static TransportSettings Settings(const std::string& pki, const std::string& name) {
    TransportSettings settings;
    settings.cert_file = absl::StrCat(*root_, pki, "/", name, ".crt");
    settings.key_file = absl::StrCat(*root_, pki, "/", name, ".key");
    settings.ca_file = absl::StrCat(*root_, "/ours/ca.crt");
    return settings;
  }

  void StartServer(const TransportSettings& settings) {
    // A server needs one synchronous service: reflection serves.
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", ServerCredentialsFor(settings), &port_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  // True when a TLS (or plaintext) connection to the server is established,
  // false as soon as the channel fails.
  bool Connects(const std::shared_ptr<grpc::ChannelCredentials>& credentials,
                const std::string& host = "localhost", const std::string& name_override = "") {
    grpc::ChannelArguments arguments;
    if (!name_override.empty()) arguments.SetSslTargetNameOverride(name_override);
    auto channel =
        grpc::CreateCustomChannel(absl::StrCat(host, ":", port_), credentials, arguments);
    const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
    grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
    while (state != GRPC_CHANNEL_READY && state != GRPC_CHANNEL_TRANSIENT_FAILURE) {
      if (!channel->WaitForStateChange(state, deadline)) return false;
      state = channel->GetState(/*try_to_connect=*/true);
    }
    return state == GRPC_CHANNEL_READY;
  }

  static std::string* root_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

std::string* TransportSecurityTest::root_ = nullptr;

TEST_F(TransportSecurityTest, ServicesOfOneDeploymentTalkOverMutualTls) {
  StartServer(Settings("/ours", "registry"));
  EXPECT_TRUE(Connects(ChannelCredentialsFor(Settings("/ours", "client"))));
  EXPECT_TRUE(Connects(ChannelCredentialsFor(Settings("/ours", "client")), "127.0.0.1"));
}

TEST_F(TransportSecurityTest, AClientWithoutACertificateIsRefused) {
  StartServer(Settings("/ours", "registry"));
  grpc::SslCredentialsOptions server_only;
  server_only.pem_root_certs = ReadFile(*root_ + "/ours/ca.crt");
  EXPECT_FALSE(Connects(grpc::SslCredentials(server_only)));
}

TEST_F(TransportSecurityTest, AClientCertificateFromAnotherCaIsRefused) {
  StartServer(Settings("/ours", "registry"));
  TransportSettings intruder = Settings("/theirs", "client");  // trusts our CA, signed by theirs
  EXPECT_FALSE(Connects(ChannelCredentialsFor(intruder)));
}

TEST_F(TransportSecurityTest, APlaintextClientIsRefused) {
  StartServer(Settings("/ours", "registry"));
  EXPECT_FALSE(Connects(grpc::InsecureChannelCredentials()));
}

TEST_F(TransportSecurityTest, AClientRefusesAServerOfAnotherCaOrName) {
  TransportSettings impostor = Settings("/theirs", "registry");
  impostor.ca_file = *root_ + "/theirs/ca.crt";
  StartServer(impostor);
  EXPECT_FALSE(Connects(ChannelCredentialsFor(Settings("/ours", "client"))));
}

TEST_F(TransportSecurityTest, TheServerNameIsChecked) {
  StartServer(Settings("/ours", "registry"));
  EXPECT_TRUE(Connects(ChannelCredentialsFor(Settings("/ours", "client")), "localhost",
                       "registry.hoptac.svc.cluster.local"));
  EXPECT_FALSE(Connects(ChannelCredentialsFor(Settings("/ours", "client")), "localhost",
                        "bank.example"));
}

TEST_F(TransportSecurityTest, APublicEntryPointAcceptsClientsWithoutCertificates) {
  TransportSettings public_port = Settings("/ours", "registry");
  public_port.require_client_certificate = false;
  StartServer(public_port);
  grpc::SslCredentialsOptions server_only;
  server_only.pem_root_certs = ReadFile(*root_ + "/ours/ca.crt");
  EXPECT_TRUE(Connects(grpc::SslCredentials(server_only)));
}

TEST_F(TransportSecurityTest, InsecureServesPlaintext) {
  TransportSettings insecure;
  insecure.insecure = true;
  StartServer(insecure);
  EXPECT_TRUE(Connects(ChannelCredentialsFor(insecure)));
}

TEST_F(TransportSecurityTest, SettingsNameTheMissingFileAndItsVariable) {
  absl::SetFlag(&FLAGS_insecure, false);
  absl::SetFlag(&FLAGS_tls_cert_file, "");
  EXPECT_THAT(ReadTransportSettings(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--tls_cert_file"), HasSubstr("HOPTAC_TLS_CERT_FILE"),
                             HasSubstr("--insecure"))));
  absl::SetFlag(&FLAGS_tls_cert_file, *root_ + "/ours/registry.crt");
  absl::SetFlag(&FLAGS_tls_key_file, *root_ + "/ours/registry.key");
  absl::SetFlag(&FLAGS_tls_ca_file, *root_ + "/ours/nothing-here.crt");
  EXPECT_THAT(ReadTransportSettings(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--tls_ca_file"), HasSubstr("nothing-here.crt"))));
  absl::SetFlag(&FLAGS_tls_ca_file, *root_ + "/ours/ca.crt");
  EXPECT_THAT(ReadTransportSettings(), IsOk());
  absl::SetFlag(&FLAGS_tls_client_auth, "maybe");
  EXPECT_THAT(ReadTransportSettings(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("maybe")));
  absl::SetFlag(&FLAGS_tls_client_auth, "require");
  absl::SetFlag(&FLAGS_tls_cert_file, "");
  absl::SetFlag(&FLAGS_insecure, true);
  auto insecure = ReadTransportSettings();
  ASSERT_THAT(insecure, IsOk());
  EXPECT_TRUE(insecure->insecure);
}

}  // namespace
}  // namespace hoptac
