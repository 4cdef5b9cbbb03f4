#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/gateway/consolidated_renderers.h"

namespace hoptac::gateway {
namespace {

const char* QualifierWord(report::v1::CountQualifier q) {
  switch (q) {
    case report::v1::COUNT_QUALIFIER_ABOUT: return "khoảng";
    case report::v1::COUNT_QUALIFIER_OVER: return "trên";
    default: return "";
  }
}

const char* UnitWord(report::v1::StatisticUnit unit) {
  switch (unit) {
    case report::v1::STATISTIC_UNIT_DONG: return "đồng";
    case report::v1::STATISTIC_UNIT_ITEMS: return "mục";
    default: return "số lượng";
  }
}

void WriteTotals(lxw_workbook* book, const v1::ConsolidatedReport& r) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Tong hop");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* number = workbook_add_format(book);
  format_set_num_format(number, "#,##0");
  worksheet_write_string(sheet, 0, 0, "Chỉ tiêu", bold);
  worksheet_write_string(sheet, 0, 1, "Mã chỉ tiêu", bold);
  worksheet_write_string(sheet, 0, 2, "Đơn vị tính", bold);
  worksheet_write_string(sheet, 0, 3, "Tổng toàn tỉnh", bold);
  worksheet_write_string(sheet, 0, 4, "Ghi chú tổng", bold);
  for (int u = 0; u < r.included_units_size(); ++u) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(5 + 2 * u),
                           r.included_units(u).display_name().c_str(), bold);
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(6 + 2 * u), "Ghi chú", bold);
  }
  worksheet_set_column(sheet, 0, 0, 60, nullptr);
  for (int i = 0; i < r.statistics_size(); ++i) {
    const v1::ConsolidatedStatistic& s = r.statistics(i);
    const lxw_row_t row = static_cast<lxw_row_t>(i + 1);
    worksheet_write_string(sheet, row, 0, s.label().c_str(), nullptr);
    worksheet_write_string(sheet, row, 1, s.name().c_str(), nullptr);
    worksheet_write_string(sheet, row, 2, UnitWord(s.unit()), nullptr);
    worksheet_write_number(sheet, row, 3, static_cast<double>(s.total()), number);
    worksheet_write_string(sheet, row, 4, QualifierWord(s.total_qualifier()), nullptr);
    for (int u = 0; u < s.unit_values_size(); ++u) {
      const v1::UnitValue& v = s.unit_values(u);
      worksheet_write_number(sheet, row, static_cast<lxw_col_t>(5 + 2 * u),
                             static_cast<double>(v.value()), number);
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(6 + 2 * u),
                             QualifierWord(v.qualifier()), nullptr);
    }
  }
}

void WriteUnits(lxw_workbook* book, const v1::ConsolidatedReport& r) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Don vi");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  worksheet_write_string(sheet, 0, 0, "Mã", bold);
  worksheet_write_string(sheet, 0, 1, "Đơn vị", bold);
  worksheet_write_string(sheet, 0, 2, "Tình trạng", bold);
  worksheet_set_column(sheet, 1, 2, 40, nullptr);
  lxw_row_t row = 1;
  auto add = [&](const v1::ExpectedUnit& u, const char* state) {
    worksheet_write_string(sheet, row, 0, u.code().c_str(), nullptr);
    worksheet_write_string(sheet, row, 1, u.display_name().c_str(), nullptr);
    worksheet_write_string(sheet, row, 2, state, nullptr);
    ++row;
  };
  for (const auto& u : r.included_units()) add(u, "Đã tổng hợp");
  for (const auto& u : r.missing_units()) add(u, "Chưa nộp hoặc bị trả lại");
  for (const auto& u : r.unaccepted_units()) add(u, "Đã nộp, chưa được tiếp nhận");
}

}  // namespace

absl::StatusOr<std::string> WriteConsolidatedXlsx(const ConsolidatedHeading& heading,
                                                  const v1::ConsolidatedReport& report) {
  // libxlsxwriter 1.1.4 writes to a file only.
  const char* tmp = std::getenv("TMPDIR");
  std::string path = absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp",
                                  "/hoptac-gateway-XXXXXX");
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::InternalError("xlsx: cannot create a temporary file");
  close(fd);
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) {
    std::remove(path.c_str());
    return absl::InternalError("xlsx: cannot create the workbook");
  }
  lxw_doc_properties properties = {};
  std::string title = heading.title;
  properties.title = title.data();
  workbook_set_properties(book, &properties);
  WriteTotals(book, report);
  WriteUnits(book, report);
  const lxw_error closed = workbook_close(book);
  std::string bytes;
  if (closed == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    bytes = content.str();
  }
  std::remove(path.c_str());
  if (closed != LXW_NO_ERROR || bytes.empty()) {
    return absl::InternalError(absl::StrCat("xlsx: ", lxw_strerror(closed)));
  }
  return bytes;
}

}  // namespace hoptac::gateway
