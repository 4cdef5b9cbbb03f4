#include "tools/load_fixture/fixture_loader.h"

#include <filesystem>
#include <memory>
#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/grpc_status.h"
#include "tools/load_fixture/fixture_file.h"
#include "tools/load_fixture/local_names.h"
#include "tools/load_fixture/request_identity.h"

namespace hoptac::fixture {
namespace {

namespace fs = std::filesystem;

// The records of one step's file.
struct StepRecords {
  const FixtureStep* step = nullptr;
  std::vector<FixtureRecord> records;
};

// One fixture folder, read.
struct FixtureFolder {
  std::string name;          // names it in request ids
  std::string error_prefix;  // "" with one folder, "<name>: " with several
  std::vector<StepRecords> files;
};

absl::Status AtRecord(const FixtureFolder& folder, const FixtureRecord& record,
                      absl::string_view method, const absl::Status& status) {
  return absl::Status(
      status.code(), absl::StrCat(folder.error_prefix, record.Where(), ": ", method, ": ",
                                  absl::StatusCodeToString(status.code()), ": ", status.message()));
}

// Every *.jsonl file under the folders the steps read must be a step's file.
absl::Status CheckNoUnknownFiles(const fs::path& root, const std::vector<FixtureStep>& steps) {
  std::set<std::string> known;
  std::set<std::string> folders;
  for (const FixtureStep& step : steps) {
    known.insert(step.file);
    folders.insert(fs::path(step.file).parent_path().string());
  }
  for (const std::string& folder : folders) {
    if (!fs::is_directory(root / folder)) continue;
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      if (entry.path().extension() != ".jsonl") continue;
      const std::string relative = fs::relative(entry.path(), root).string();
      if (known.count(relative) == 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            relative,
            ": not a fixture file this loader knows; known files: ", absl::StrJoin(known, ", ")));
      }
    }
  }
  return absl::OkStatus();
}

// The folder's last path component ("dir/" has an empty filename).
std::string FolderName(const std::string& dir) {
  fs::path path = fs::path(dir).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();
  return path.filename().string();
}

absl::StatusOr<FixtureFolder> ReadFolder(const std::string& dir, std::string name,
                                         const std::vector<FixtureStep>& steps) {
  FixtureFolder folder;
  folder.name = std::move(name);
  const fs::path root(dir);
  if (!fs::is_directory(root)) {
    return absl::NotFoundError(absl::StrCat(dir, ": no such fixture folder"));
  }
  if (absl::Status s = CheckNoUnknownFiles(root, steps); !s.ok()) return s;
  for (const FixtureStep& step : steps) {
    auto records = ReadFixtureFile(dir, step.file);
    if (absl::IsNotFound(records.status())) continue;
    if (!records.ok()) return records.status();
    folder.files.push_back({&step, *std::move(records)});
  }
  if (folder.files.empty()) {
    return absl::NotFoundError(absl::StrCat(dir, ": holds none of the fixture files"));
  }
  return folder;
}

absl::StatusOr<std::vector<FixtureFolder>> ReadFolders(const LoadOptions& options,
                                                       const std::vector<FixtureStep>& steps) {
  const bool several = options.fixture_dirs.size() > 1;
  if (options.fixture_dirs.empty()) {
    return absl::InvalidArgumentError("no fixture folder given");
  }
  if (several && !options.fixture_name.empty()) {
    return absl::InvalidArgumentError("a fixture name can only be given for one folder");
  }
  std::vector<FixtureFolder> folders;
  std::set<std::string> names;
  for (const std::string& dir : options.fixture_dirs) {
    std::string name = options.fixture_name.empty() ? FolderName(dir) : options.fixture_name;
    if (!names.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat(dir, ": another folder has the name \"", name,
                                                     "\"; request ids would collide"));
    }
    auto folder = ReadFolder(dir, name, steps);
    if (!folder.ok() && several) {
      return absl::Status(folder.status().code(),
                          absl::StrCat(name, ": ", folder.status().message()));
    }
    if (!folder.ok()) return folder.status();
    if (several) folder->error_prefix = absl::StrCat(name, ": ");
    folders.push_back(*std::move(folder));
  }
  return folders;
}

// Turns the record's request into the method's request type.
absl::Status ParseRequest(const google::protobuf::Struct& fields,
                          google::protobuf::Message& request) {
  std::string json;
  if (auto s = google::protobuf::util::MessageToJsonString(fields, &json); !s.ok()) {
    return absl::InternalError(s.message().ToString());
  }
  if (auto s = google::protobuf::util::JsonStringToMessage(json, &request); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a valid ", request.GetDescriptor()->full_name(), ": ", s.message().ToString()));
  }
  return absl::OkStatus();
}

// Everything that can be known wrong without calling a service: requests that
// do not parse or set their own request_id, keys used twice, references to
// keys no earlier line defines.
absl::Status CheckFolders(const std::vector<FixtureFolder>& folders) {
  absl::flat_hash_set<std::string> keys;
  for (const FixtureFolder& folder : folders) {
    for (const StepRecords& file : folder.files) {
      const std::string& method = file.step->method;
      for (const FixtureRecord& record : file.records) {
        for (const std::string& key : ReferencedKeys(record.request)) {
          if (!keys.contains(key)) {
            return AtRecord(folder, record, method,
                            absl::NotFoundError(absl::StrCat("reference \"@", key,
                                                             "\": no earlier line has that key")));
          }
        }
        std::unique_ptr<google::protobuf::Message> request = file.step->new_request();
        if (absl::Status s = ParseRequest(record.request, *request); !s.ok()) {
          return AtRecord(folder, record, method, s);
        }
        if (absl::Status s = SetRequestId(*request, "check"); !s.ok()) {
          return AtRecord(folder, record, method, s);
        }
        if (record.key.empty()) continue;
        if (absl::Status s = ValidateKey(record.key); !s.ok()) {
          return AtRecord(folder, record, method, s);
        }
        if (!keys.insert(record.key).second) {
          return AtRecord(folder, record, method,
                          absl::AlreadyExistsError(
                              absl::StrCat("key \"", record.key, "\" is used by an earlier line")));
        }
      }
    }
  }
  return absl::OkStatus();
}

// Sends records, in order, mapping keys to the names the services give.
class Sender {
 public:
  explicit Sender(const LoadOptions& options) : options_(options) {}

  absl::Status Send(const FixtureFolder& folder, const FixtureStep& step, FixtureRecord& record) {
    if (absl::Status s = names_.Resolve(record.request); !s.ok()) {
      return AtRecord(folder, record, step.method, s);
    }
    std::unique_ptr<google::protobuf::Message> request = step.new_request();
    if (absl::Status s = ParseRequest(record.request, *request); !s.ok()) {
      return AtRecord(folder, record, step.method, s);
    }
    if (absl::Status s = SetRequestId(*request, FixtureRequestId(folder.name, record)); !s.ok()) {
      return AtRecord(folder, record, step.method, s);
    }
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
    if (!options_.bearer_token.empty()) {
      context.AddMetadata("authorization", BearerAuthorization(options_.bearer_token));
    }
    std::unique_ptr<google::protobuf::Message> response;
    const grpc::Status status = step.call(context, *request, response);
    if (!status.ok()) return AtRecord(folder, record, step.method, FromGrpcStatus(status));
    if (record.key.empty()) return absl::OkStatus();
    const std::string name = CreatedResourceName(*response);
    if (name.empty()) {
      return AtRecord(folder, record, step.method,
                      absl::InvalidArgumentError("key: the response names no resource"));
    }
    if (absl::Status s = names_.Add(record.key, name); !s.ok()) {
      return AtRecord(folder, record, step.method, s);
    }
    return absl::OkStatus();
  }

 private:
  const LoadOptions& options_;
  LocalNames names_;
};

}  // namespace

absl::StatusOr<std::vector<LoadedFile>> LoadFixture(const LoadOptions& options,
                                                    const std::vector<FixtureStep>& steps,
                                                    std::ostream& progress) {
  auto folders = ReadFolders(options, steps);
  if (!folders.ok()) return folders.status();
  if (absl::Status s = CheckFolders(*folders); !s.ok()) return s;
  Sender sender(options);
  std::vector<LoadedFile> loaded;
  for (FixtureFolder& folder : *folders) {
    for (StepRecords& file : folder.files) {
      if (!options.check_only) {
        for (FixtureRecord& record : file.records) {
          if (absl::Status s = sender.Send(folder, *file.step, record); !s.ok()) return s;
        }
      }
      progress << folder.error_prefix << file.step->file << ": " << file.records.size()
               << " records (" << file.step->method << (options.check_only ? ", checked" : "")
               << ")\n";
      loaded.push_back({folder.name, file.step->file, static_cast<int>(file.records.size())});
    }
  }
  return loaded;
}

}  // namespace hoptac::fixture
