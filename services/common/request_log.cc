#include "services/common/request_log.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"
#include "services/common/fingerprint.h"

namespace hoptac {

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::FieldDescriptor* id = copy->GetDescriptor()->FindFieldByName("request_id");
  if (id != nullptr) copy->GetReflection()->ClearField(copy.get(), id);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Fingerprint(bytes);
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.size() > 128) {
    return absl::InvalidArgumentError("request_id: at most 128 characters");
  }
  for (const char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(
          "request_id: only printable ASCII without spaces (a UUID is best)");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<PriorResult>> ClaimRequest(SqlSession& session,
                                                        absl::string_view request_id,
                                                        absl::string_view method,
                                                        absl::string_view fingerprint) {
  if (request_id.empty()) return std::optional<PriorResult>();
  sql::PreparedStatement& claim = session.Prepare(
      "INSERT IGNORE INTO request_log (request_id, method, fingerprint, resource_id, result_id) "
      "VALUES (?, ?, ?, 0, 0)");
  claim.setString(1, std::string(request_id));
  claim.setString(2, std::string(method));
  claim.setString(3, std::string(fingerprint));
  if (claim.executeUpdate() == 1) return std::optional<PriorResult>();

  sql::PreparedStatement& read = session.Prepare(
      "SELECT method, fingerprint, resource_id, result_id FROM request_log WHERE request_id = ?");
  read.setString(1, std::string(request_id));
  std::unique_ptr<sql::ResultSet> row(read.executeQuery());
  if (!row->next()) {
    return absl::AbortedError("request_id: claimed concurrently, retry");
  }
  if (std::string(row->getString(1)) != method || std::string(row->getString(2)) != fingerprint) {
    return absl::AlreadyExistsError(absl::StrCat(
        "request_id: '", request_id,
        "' was already used for a different request; use a new request_id"));
  }
  return std::optional<PriorResult>(PriorResult{row->getInt64(3), row->getInt64(4)});
}

void CompleteRequest(SqlSession& session, absl::string_view request_id,
                     const PriorResult& result) {
  if (request_id.empty()) return;
  sql::PreparedStatement& update = session.Prepare(
      "UPDATE request_log SET resource_id = ?, result_id = ? WHERE request_id = ?");
  update.setInt64(1, result.resource_id);
  update.setInt64(2, result.result_id);
  update.setString(3, std::string(request_id));
  update.executeUpdate();
}

}  // namespace hoptac
