#include "services/report/official_document.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"
#include "services/report/value_format.h"

namespace hoptac::report {
namespace {

std::string DateLine(const v1::ReportDraft& draft) {
  const auto& d = draft.document_date();
  if (d.year() != 0) {
    return absl::StrCat(draft.place_name(), ", ngày ", d.day() < 10 ? "0" : "", d.day(),
                        " tháng ", d.month() < 3 ? "0" : "", d.month(), " năm ", d.year());
  }
  // Not signed yet: day (and month, when not planned) are filled at signing.
  const auto& p = draft.planned_date();
  const std::string month = p.month() != 0 ? absl::StrCat(p.month()) : "     ";
  const std::string year = p.year() != 0 ? absl::StrCat(p.year()) : "     ";
  return absl::StrCat(draft.place_name(), ", ngày      tháng ", month, " năm ", year);
}

std::string EscapeCell(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out.push_back(c);
  }
  return out;
}

// The annex's source column, in the report's language.
std::string SourceName(const std::string& service) {
  if (service == "registry") return "Đăng ký HTX";
  if (service == "subsidy") return "Hỗ trợ, ưu đãi";
  if (service == "outreach") return "Tuyên truyền";
  return service;
}

}  // namespace

std::string AnnexValue(const v1::Statistic& s) {
  switch (s.unit()) {
    case v1::STATISTIC_UNIT_DONG:
      return absl::StrCat(FormatCount(s.value()), " đồng");
    case v1::STATISTIC_UNIT_ITEMS:
      return s.items_size() == 0 ? "0"
                                 : absl::StrCat(s.items_size(), ": ", absl::StrJoin(s.items(), "; "));
    default:
      break;
  }
  const Qualifier q = s.qualifier() == v1::COUNT_QUALIFIER_ABOUT  ? Qualifier::kAbout
                      : s.qualifier() == v1::COUNT_QUALIFIER_OVER ? Qualifier::kOver
                                                                  : Qualifier::kExact;
  if (q == Qualifier::kExact) return FormatCount(s.value());
  return FormatQualifiedCount(s.value(), q);
}

std::vector<BodyBlock> SplitBody(const std::string& markdown) {
  std::vector<BodyBlock> out;
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    BodyBlock block;
    while (absl::ConsumePrefix(&line, "#")) {
      block.heading = true;
      ++block.level;
    }
    if (block.heading) {
      line = absl::StripAsciiWhitespace(line);
    }
    block.text = std::string(line);
    out.push_back(std::move(block));
  }
  return out;
}

OfficialDocument BuildOfficialDocument(const v1::ReportTemplate& t, const v1::ReportDraft& draft,
                                       std::string body_markdown,
                                       const std::vector<v1::Statistic>& statistics) {
  OfficialDocument doc;
  doc.issuing_body = draft.issuing_body();
  const std::string number =
      draft.document_number().empty() ? "      " : draft.document_number();
  doc.number_line = absl::StrCat("Số: ", number, "/", t.document_kind(), "-UBND");
  doc.date_line = DateLine(draft);
  doc.title = t.title();
  for (absl::string_view line : absl::StrSplit(t.subject(), '\n', absl::SkipWhitespace())) {
    doc.subject_lines.emplace_back(absl::StripAsciiWhitespace(line));
  }
  doc.body = SplitBody(body_markdown);
  doc.body_markdown = std::move(body_markdown);
  doc.recipients.assign(draft.recipients().begin(), draft.recipients().end());
  if (!draft.signature().authority().empty()) {
    doc.signature_lines.push_back(draft.signature().authority());
  }
  doc.signature_lines.push_back(draft.signature().signer_title());
  doc.signer_name = draft.signature().signer_name();
  for (const v1::Statistic& s : statistics) {
    doc.annex.push_back({s.label(), AnnexValue(s), SourceName(s.service()), s.name()});
  }
  return doc;
}

std::string WriteAnnexMarkdown(const OfficialDocument& doc) {
  std::string out = absl::StrCat("## ", kAnnexTitle, "\n\n",
                                 "| STT | Chỉ tiêu | Số liệu | Nguồn |\n|---|---|---|---|\n");
  int i = 0;
  for (const AnnexRow& row : doc.annex) {
    absl::StrAppend(&out, "| ", ++i, " | ", EscapeCell(row.label), " | ", EscapeCell(row.value),
                    " | ", row.source, " |\n");
  }
  return out;
}

std::string WriteMarkdown(const OfficialDocument& doc) {
  std::string out;
  absl::StrAppend(&out, "**", doc.issuing_body, "**\n\n", doc.number_line, "\n\n");
  absl::StrAppend(&out, "**", kNationalName, "**  \n**", kMotto, "**\n\n");
  absl::StrAppend(&out, "*", doc.date_line, "*\n\n");
  absl::StrAppend(&out, "**", doc.title, "**\n\n");
  if (!doc.subject_lines.empty()) {
    absl::StrAppend(&out, "**", absl::StrJoin(doc.subject_lines, "  \n"), "**\n\n");
  }
  for (const BodyBlock& b : doc.body) {
    // One level below the document's own title.
    if (b.heading) absl::StrAppend(&out, std::string(b.level + 1, '#'), " ");
    absl::StrAppend(&out, b.text, "\n\n");
  }
  absl::StrAppend(&out, "**Nơi nhận:**\n\n");
  for (const std::string& r : doc.recipients) absl::StrAppend(&out, "- ", r, "\n");
  absl::StrAppend(&out, "\n**", absl::StrJoin(doc.signature_lines, "  \n"), "**\n\n",
                  doc.signer_name, "\n\n---\n\n", WriteAnnexMarkdown(doc));
  return out;
}

}  // namespace hoptac::report
