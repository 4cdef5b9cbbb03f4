#include "services/gateway/consolidated_document.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/report/value_format.h"

namespace hoptac::gateway {
namespace {

std::string UnitNames(const google::protobuf::RepeatedPtrField<v1::ExpectedUnit>& units) {
  std::vector<std::string> names;
  for (const v1::ExpectedUnit& u : units) names.push_back(u.display_name());
  return absl::StrJoin(names, ", ");
}

report::v1::Statistic AsStatistic(const v1::ConsolidatedStatistic& s, int64_t value,
                                  report::v1::CountQualifier qualifier) {
  report::v1::Statistic out;
  out.set_unit(s.unit());
  out.set_value(value);
  out.set_qualifier(qualifier);
  return out;
}

}  // namespace

std::string TotalText(const v1::ConsolidatedStatistic& s) {
  if (s.unit() == report::v1::STATISTIC_UNIT_ITEMS) return report::FormatCount(s.total());
  return report::AnnexValue(AsStatistic(s, s.total(), s.total_qualifier()));
}

std::string UnitValueText(const v1::ConsolidatedStatistic& s, const v1::UnitValue& v) {
  if (s.unit() == report::v1::STATISTIC_UNIT_ITEMS) {
    if (v.items().empty()) return "0";
    return absl::StrCat(v.items_size(), " (", absl::StrJoin(v.items(), "; "), ")");
  }
  return report::AnnexValue(AsStatistic(s, v.value(), v.qualifier()));
}

std::string ConsolidatedBody(const ConsolidatedHeading& h, const v1::ConsolidatedReport& r) {
  std::string out;
  absl::StrAppend(&out, "Thực hiện ", h.request_letter.empty() ? "yêu cầu báo cáo" : h.request_letter,
                  ", trên cơ sở báo cáo của các đơn vị, kết quả năm ", h.year,
                  " được tổng hợp như sau:\n\n");
  absl::StrAppend(&out, "# I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ\n\n");
  absl::StrAppend(&out, "Số đơn vị phải báo cáo: ", report::FormatCount2(h.expected_units),
                  "; số đơn vị được tổng hợp: ", report::FormatCount2(r.included_units_size()),
                  r.included_units().empty() ? "." : absl::StrCat(" (", UnitNames(r.included_units()), ")."),
                  "\n\n");
  if (!r.missing_units().empty()) {
    absl::StrAppend(&out, "Đơn vị chưa nộp báo cáo hoặc báo cáo bị trả lại (chưa được tổng hợp): ",
                    UnitNames(r.missing_units()), ".\n\n");
  }
  if (!r.unaccepted_units().empty()) {
    absl::StrAppend(&out, "Đơn vị đã nộp báo cáo nhưng chưa được tiếp nhận (chưa được tổng hợp): ",
                    UnitNames(r.unaccepted_units()), ".\n\n");
  }
  absl::StrAppend(&out, "# II. SỐ LIỆU TỔNG HỢP\n\n");
  if (!r.missing_units().empty() || !r.unaccepted_units().empty()) {
    absl::StrAppend(&out, "Số liệu dưới đây chỉ gồm các đơn vị được tổng hợp nêu tại Mục I.\n\n");
  }
  for (const v1::ConsolidatedStatistic& s : r.statistics()) {
    std::vector<std::string> parts;
    for (const v1::UnitValue& v : s.unit_values()) {
      parts.push_back(absl::StrCat(v.unit().display_name(), ": ", UnitValueText(s, v)));
    }
    absl::StrAppend(&out, "- ", s.label(), ": ", TotalText(s),
                    parts.empty() ? "" : absl::StrCat(" (", absl::StrJoin(parts, "; "), ")"),
                    ".\n");
  }
  absl::StrAppend(&out, "\n");
  int section = 3;
  for (const v1::CompiledNarrative& n : r.narratives()) {
    static const char* const kRoman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};
    const std::string number = section <= 10 ? kRoman[section - 1] : absl::StrCat(section);
    ++section;
    absl::StrAppend(&out, "# ", number, ". ", n.title(), "\n\n");
    if (n.passages().empty()) absl::StrAppend(&out, "Không có đơn vị nào nêu nội dung này.\n\n");
    for (const v1::NarrativePassage& p : n.passages()) {
      absl::StrAppend(&out, "**", p.unit().display_name(), ":**\n\n");
      for (absl::string_view line : absl::StrSplit(p.text(), '\n', absl::SkipWhitespace())) {
        absl::StrAppend(&out, line, "\n");
      }
      absl::StrAppend(&out, "\n");
    }
  }
  return out;
}

report::OfficialDocument BuildConsolidatedDocument(const ConsolidatedHeading& h,
                                                   const v1::ConsolidatedReport& r) {
  report::OfficialDocument doc;
  doc.issuing_body = h.issuing_body;
  doc.number_line = "Số:      /BC-SKHĐT";
  doc.date_line = absl::StrCat(h.place_name, ", ngày      tháng      năm ", h.document_year);
  doc.title = "BÁO CÁO";
  doc.subject_lines.push_back(h.title.empty() ? absl::StrCat("Tổng hợp báo cáo của các đơn vị năm ", h.year)
                                              : h.title);
  doc.body_markdown = ConsolidatedBody(h, r);
  doc.body = report::SplitBody(doc.body_markdown);
  for (report::BodyBlock& b : doc.body) {
    // Bold markers are Markdown only.
    if (b.text.size() > 4 && b.text.rfind("**", 0) == 0) b.text = absl::StrReplaceAll(b.text, {{"**", ""}});
  }
  doc.recipients = {"UBND tỉnh (b/c)", "Lưu: VT, ĐKKD"};
  doc.signature_lines = {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"};
  for (const v1::ConsolidatedStatistic& s : r.statistics()) {
    doc.annex.push_back({s.label(), TotalText(s), "Tổng toàn tỉnh", s.name()});
    for (const v1::UnitValue& v : s.unit_values()) {
      doc.annex.push_back({absl::StrCat("    ", v.unit().display_name()), UnitValueText(s, v),
                           "Báo cáo đơn vị", s.name()});
    }
  }
  return doc;
}

}  // namespace hoptac::gateway
