#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/gateway/consolidated_renderers.h"

namespace hoptac::gateway {
namespace {

std::string Cell(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out.push_back(c);
  }
  return out;
}

std::string StatisticTable(int number, const v1::ConsolidatedStatistic& s) {
  std::string out = absl::StrCat("### ", number, ". ", Cell(s.label()), "\n\n",
                                 "| Đơn vị | Số liệu |\n|---|---|\n");
  for (const v1::UnitValue& v : s.unit_values()) {
    absl::StrAppend(&out, "| ", Cell(v.unit().display_name()), " | ", Cell(UnitValueText(s, v)),
                    " |\n");
  }
  absl::StrAppend(&out, "| **Tổng toàn tỉnh** | **", Cell(TotalText(s)), "** |\n\n");
  return out;
}

}  // namespace

std::string WriteConsolidatedMarkdown(const ConsolidatedHeading& heading,
                                      const v1::ConsolidatedReport& report) {
  const report::OfficialDocument doc = BuildConsolidatedDocument(heading, report);
  std::string out;
  absl::StrAppend(&out, "**", doc.issuing_body, "**\n\n", doc.number_line, "\n\n");
  absl::StrAppend(&out, "**", report::kNationalName, "**  \n**", report::kMotto, "**\n\n");
  absl::StrAppend(&out, "*", doc.date_line, "*\n\n**", doc.title, "**\n\n**",
                  absl::StrJoin(doc.subject_lines, "  \n"), "**\n\n");
  for (const report::BodyBlock& b : report::SplitBody(doc.body_markdown)) {
    absl::StrAppend(&out, b.heading ? "## " : "", b.text, "\n\n");
  }
  absl::StrAppend(&out, "**Nơi nhận:**\n\n");
  for (const std::string& r : doc.recipients) absl::StrAppend(&out, "- ", r, "\n");
  absl::StrAppend(&out, "\n**", absl::StrJoin(doc.signature_lines, "  \n"), "**\n\n---\n\n");
  absl::StrAppend(&out, "## BIỂU TỔNG HỢP SỐ LIỆU THEO ĐƠN VỊ\n\n");
  if (!report.missing_units().empty() || !report.unaccepted_units().empty()) {
    std::vector<std::string> left_out;
    for (const auto& u : report.missing_units()) left_out.push_back(u.display_name());
    for (const auto& u : report.unaccepted_units()) left_out.push_back(u.display_name());
    absl::StrAppend(&out, "Chưa bao gồm: ", absl::StrJoin(left_out, ", "), ".\n\n");
  }
  int number = 0;
  for (const v1::ConsolidatedStatistic& s : report.statistics()) {
    absl::StrAppend(&out, StatisticTable(++number, s));
  }
  return out;
}

}  // namespace hoptac::gateway
