// A report laid out as a Vietnamese administrative document (Decree
// 30/2020/NĐ-CP): issuing body and national motto header, number and
// place/date line, type and subject, body, recipients (Nơi nhận), signature
// block, and the numeric annex (biểu số liệu). Both writers (Markdown, DOCX)
// take this one shape.
#ifndef HOPTAC_SERVICES_REPORT_OFFICIAL_DOCUMENT_H_
#define HOPTAC_SERVICES_REPORT_OFFICIAL_DOCUMENT_H_

#include <string>
#include <vector>

#include "hoptac/report/v1/report_service.pb.h"

namespace hoptac::report {

// One row of the annex.
struct AnnexRow {
  std::string label;
  std::string value;    // as written: "292.500.000 đồng", "khoảng 120"
  std::string source;   // where it comes from: "Hỗ trợ, ưu đãi" (the subsidy service)
  std::string statistic;
};

// One block of the body: a heading or a paragraph (an item keeps its "- ").
struct BodyBlock {
  bool heading = false;
  int level = 0;  // heading level: the number of '#'
  std::string text;
};

struct OfficialDocument {
  std::string issuing_body;   // "UBND HUYỆN CAO LỘC"
  std::string number_line;    // "Số:      /BC-UBND"
  std::string date_line;      // "Cao Lộc, ngày      tháng 12 năm 2023"
  std::string title;          // "BÁO CÁO"
  std::vector<std::string> subject_lines;
  std::string body_markdown;  // as the template rendered it
  std::vector<BodyBlock> body;
  std::vector<std::string> recipients;
  std::vector<std::string> signature_lines;  // "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
  std::string signer_name;
  std::vector<AnnexRow> annex;
};

// The national motto (quốc hiệu và tiêu ngữ).
inline constexpr char kNationalName[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
inline constexpr char kMotto[] = "Độc lập - Tự do - Hạnh phúc";
inline constexpr char kAnnexTitle[] = "BIỂU SỐ LIỆU";

// Lays out a draft rendered with `report_template` (body already rendered).
OfficialDocument BuildOfficialDocument(const v1::ReportTemplate& report_template,
                                       const v1::ReportDraft& draft, std::string body_markdown,
                                       const std::vector<v1::Statistic>& statistics);

// The body split into blocks: each non-empty line is one block; "#" lines are
// headings (markers removed).
std::vector<BodyBlock> SplitBody(const std::string& markdown);

// The annex value of a statistic: "292.500.000 đồng", "khoảng 120", "5".
std::string AnnexValue(const v1::Statistic& statistic);

// The whole document as Markdown.
std::string WriteMarkdown(const OfficialDocument& document);

// The annex alone as a Markdown table.
std::string WriteAnnexMarkdown(const OfficialDocument& document);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_OFFICIAL_DOCUMENT_H_
