#include "services/report/docx_writer.h"

#include <zip.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace hoptac::report {
namespace {

// Sizes in twentieths of a point (twips) and half-points.
constexpr int kPageWidth = 11906;   // A4 210 mm
constexpr int kPageHeight = 16838;  // A4 297 mm
constexpr int kMarginTop = 1134;    // 20 mm
constexpr int kMarginBottom = 1134;
constexpr int kMarginLeft = 1701;   // 30 mm
constexpr int kMarginRight = 1134;  // 20 mm
constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;
// The right column holds the national name (12 pt bold capitals) on one line.
constexpr int kLeftColumn = 3300;
constexpr int kRightColumn = kTextWidth - kLeftColumn;

struct Run {
  std::string text;
  bool bold = false;
  bool italic = false;
  int half_points = 28;  // 14 pt
};

enum class Align { kLeft, kCenter, kBoth };

std::string RunXml(const Run& run) {
  std::string props;
  if (run.bold) props += "<w:b/>";
  if (run.italic) props += "<w:i/>";
  absl::StrAppend(&props, "<w:sz w:val=\"", run.half_points, "\"/><w:szCs w:val=\"",
                  run.half_points, "\"/>");
  return absl::StrCat("<w:r><w:rPr>", props, "</w:rPr><w:t xml:space=\"preserve\">",
                      XmlEscape(run.text), "</w:t></w:r>");
}

std::string Paragraph(const std::vector<Run>& runs, Align align, int first_line_indent = 0,
                      int space_after = 0, bool page_break_before = false) {
  const char* jc = align == Align::kCenter ? "center" : align == Align::kBoth ? "both" : "left";
  std::string out = "<w:p><w:pPr>";
  if (page_break_before) out += "<w:pageBreakBefore/>";
  absl::StrAppend(&out, "<w:spacing w:before=\"0\" w:after=\"", space_after,
                  "\" w:line=\"276\" w:lineRule=\"auto\"/>");
  if (first_line_indent > 0) absl::StrAppend(&out, "<w:ind w:firstLine=\"", first_line_indent, "\"/>");
  absl::StrAppend(&out, "<w:jc w:val=\"", jc, "\"/></w:pPr>");
  for (const Run& r : runs) out += RunXml(r);
  out += "</w:p>";
  return out;
}

std::string Cell(int width, const std::string& paragraphs, bool borders = false) {
  std::string border = borders ? "" :
      "<w:tcBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
      "<w:right w:val=\"nil\"/></w:tcBorders>";
  return absl::StrCat("<w:tc><w:tcPr><w:tcW w:w=\"", width, "\" w:type=\"dxa\"/>", border,
                      "</w:tcPr>", paragraphs.empty() ? "<w:p/>" : paragraphs, "</w:tc>");
}

std::string Table(const std::vector<int>& widths, const std::vector<std::string>& rows,
                  bool borders) {
  std::string out = "<w:tbl><w:tblPr>";
  absl::StrAppend(&out, "<w:tblW w:w=\"", kTextWidth, "\" w:type=\"dxa\"/>");
  if (borders) {
    out += "<w:tblBorders>";
    for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
      absl::StrAppend(&out, "<w:", side, " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>");
    }
    out += "</w:tblBorders>";
  }
  out += "<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>";
  for (int w : widths) absl::StrAppend(&out, "<w:gridCol w:w=\"", w, "\"/>");
  out += "</w:tblGrid>";
  for (const std::string& row : rows) absl::StrAppend(&out, "<w:tr>", row, "</w:tr>");
  out += "</w:tbl>";
  return out;
}

std::string Centered(const std::string& text, bool bold, bool italic = false, int size = 26) {
  Run r;
  r.text = text;
  r.bold = bold;
  r.italic = italic;
  r.half_points = size;
  return Paragraph({r}, Align::kCenter);
}

// The short solid line Decree 30 draws under the issuing body and under the
// motto: the top border of an empty, indented paragraph.
std::string ShortRule(int indent) {
  return absl::StrCat(
      "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" "
      "w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" "
      "w:lineRule=\"exact\"/><w:ind w:left=\"",
      indent, "\" w:right=\"", indent, "\"/></w:pPr></w:p>");
}

std::string HeaderTable(const OfficialDocument& doc) {
  const std::string left_top = Centered(doc.issuing_body, true, false, 26) + ShortRule(kLeftColumn / 3);
  const std::string right_top = Centered(kNationalName, true, false, 24) +
                                Centered(kMotto, true, false, 28) + ShortRule(900);
  const std::string left_bottom = Centered(doc.number_line, false);
  const std::string right_bottom = Centered(doc.date_line, false, true, 28);
  return Table({kLeftColumn, kRightColumn},
               {Cell(kLeftColumn, left_top) + Cell(kRightColumn, right_top),
                Cell(kLeftColumn, left_bottom) + Cell(kRightColumn, right_bottom)},
               false);
}

std::string SignatureTable(const OfficialDocument& doc) {
  std::string left;
  Run label{"Nơi nhận:", true, true, 24};
  left += Paragraph({label}, Align::kLeft);
  for (const std::string& r : doc.recipients) {
    left += Paragraph({Run{absl::StrCat("- ", r), false, false, 22}}, Align::kLeft);
  }
  std::string right;
  for (const std::string& line : doc.signature_lines) right += Centered(line, true, false, 28);
  for (int i = 0; i < 4; ++i) right += "<w:p/>";
  right += Centered(doc.signer_name, true, false, 28);
  return Table({kTextWidth / 2, kTextWidth - kTextWidth / 2},
               {Cell(kTextWidth / 2, left) + Cell(kTextWidth - kTextWidth / 2, right)}, false);
}

std::string AnnexTable(const OfficialDocument& doc) {
  const std::vector<int> widths = {700, 4600, 2371, 1400};
  auto row = [&](const std::vector<std::string>& cells, bool bold) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      Run r{cells[i], bold, false, 24};
      out += Cell(widths[i], Paragraph({r}, i == 1 ? Align::kLeft : Align::kCenter), true);
    }
    return out;
  };
  std::vector<std::string> rows = {row({"STT", "Chỉ tiêu", "Số liệu", "Nguồn"}, true)};
  int i = 0;
  for (const AnnexRow& a : doc.annex) {
    rows.push_back(row({absl::StrCat(++i), a.label, a.value, a.source}, false));
  }
  return Table(widths, rows, true);
}

std::string DocumentXml(const OfficialDocument& doc) {
  std::string body = HeaderTable(doc);
  body += "<w:p/>";
  body += Paragraph({Run{doc.title, true, false, 28}}, Align::kCenter);
  for (const std::string& line : doc.subject_lines) {
    body += Paragraph({Run{line, true, false, 28}}, Align::kCenter);
  }
  body += Paragraph({Run{"", false, false, 28}}, Align::kCenter, 0, 120);
  for (const BodyBlock& b : doc.body) {
    body += Paragraph({Run{b.text, b.heading, false, 28}}, Align::kBoth, 567, 120);
  }
  body += SignatureTable(doc);
  body += Paragraph({Run{kAnnexTitle, true, false, 28}}, Align::kCenter, 0, 120, true);
  body += AnnexTable(doc);
  body += "<w:p/>";
  absl::StrAppend(&body, "<w:sectPr><w:pgSz w:w=\"", kPageWidth, "\" w:h=\"", kPageHeight,
                  "\"/><w:pgMar w:top=\"", kMarginTop, "\" w:right=\"", kMarginRight,
                  "\" w:bottom=\"", kMarginBottom, "\" w:left=\"", kMarginLeft,
                  "\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>");
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>",
      body, "</w:body></w:document>");
}

constexpr char kContentTypes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "</Types>";

constexpr char kRootRels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

constexpr char kDocumentRels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

// Times New Roman 14 pt for every run, Vietnamese language.
constexpr char kStyles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>"
    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/>"
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
    "</w:styles>";

}  // namespace

std::string XmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
        out.push_back(c);
    }
  }
  return out;
}

absl::StatusOr<std::string> WriteDocx(const OfficialDocument& document) {
  const std::vector<std::pair<const char*, std::string>> parts = {
      {"[Content_Types].xml", kContentTypes},
      {"_rels/.rels", kRootRels},
      {"word/_rels/document.xml.rels", kDocumentRels},
      {"word/styles.xml", kStyles},
      {"word/document.xml", DocumentXml(document)},
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return absl::InternalError("docx: cannot create a buffer");
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return absl::InternalError(absl::StrCat("docx: ", zip_error_strerror(&error)));
  }
  zip_source_keep(buffer);  // read the bytes back after zip_close
  for (const auto& [path, content] : parts) {
    zip_source_t* part = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (part == nullptr || zip_file_add(archive, path, part, ZIP_FL_ENC_UTF_8) < 0) {
      if (part != nullptr) zip_source_free(part);
      zip_discard(archive);
      zip_source_free(buffer);
      return absl::InternalError(absl::StrCat("docx: cannot add ", path));
    }
  }
  if (zip_close(archive) < 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return absl::InternalError("docx: cannot write the archive");
  }
  std::string bytes;
  if (zip_source_open(buffer) == 0) {
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    if (size > 0) {
      bytes.resize(static_cast<size_t>(size));
      const zip_int64_t read = zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size));
      if (read != size) bytes.clear();
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  if (bytes.empty()) return absl::InternalError("docx: the archive is empty");
  return bytes;
}

}  // namespace hoptac::report
