#include "services/report/template_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "services/common/status_macros.h"
#include "services/report/template_rendering.h"

namespace hoptac::report {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path.string(), ": cannot be read"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status ParseText(const fs::path& path, google::protobuf::Message& message) {
  HOPTAC_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  if (!google::protobuf::TextFormat::ParseFromString(text, &message)) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), ": not a valid ",
                                                   message.GetTypeName(), " in text format"));
  }
  return absl::OkStatus();
}

std::vector<fs::path> SortedChildren(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

absl::StatusOr<std::vector<v1::ReportTemplate>> LoadTemplateDirectory(const std::string& dir) {
  if (!fs::is_directory(dir)) {
    return absl::InvalidArgumentError(absl::StrCat(dir, ": not a folder of report templates"));
  }
  std::vector<v1::ReportTemplate> out;
  for (const fs::path& template_dir : SortedChildren(dir)) {
    if (!fs::is_directory(template_dir)) continue;
    for (const fs::path& version_dir : SortedChildren(template_dir)) {
      const std::string folder = version_dir.filename().string();
      int64_t version = 0;
      if (!fs::is_directory(version_dir) || folder.size() < 2 || folder[0] != 'v' ||
          !absl::SimpleAtoi(folder.substr(1), &version) || version < 1) {
        continue;
      }
      v1::ReportTemplate t;
      HOPTAC_RETURN_IF_ERROR(ParseText(version_dir / "template.textproto", t));
      HOPTAC_ASSIGN_OR_RETURN(std::string body, ReadFile(version_dir / "body.md.mustache"));
      t.set_body(std::move(body));
      t.set_template_id(template_dir.filename().string());
      t.set_version(version);
      if (absl::Status valid = NormalizeTemplate(t); !valid.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(version_dir.string(), ": ", valid.message()));
      }
      out.push_back(std::move(t));
    }
  }
  return out;
}

absl::StatusOr<v1::ReportDraft> LoadDraftDirectory(const std::string& dir) {
  v1::ReportDraft draft;
  HOPTAC_RETURN_IF_ERROR(ParseText(fs::path(dir) / "draft.textproto", draft));
  const fs::path narratives = fs::path(dir) / "narratives";
  if (fs::is_directory(narratives)) {
    for (const fs::path& file : SortedChildren(narratives)) {
      if (file.extension() != ".md") continue;
      HOPTAC_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
      v1::NarrativeText& n = *draft.add_narratives();
      n.set_slot(file.stem().string());
      n.set_text(std::move(text));
    }
  }
  return draft;
}

}  // namespace hoptac::report
