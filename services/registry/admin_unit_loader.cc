#include "services/registry/admin_unit_loader.h"

#include <cerrno>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"

namespace hoptac::registry {
namespace {

// The last day of the old shape: units of the old tree are valid up to and
// including it.
constexpr absl::CivilDay kLastOldShapeDay = kReformDay - 1;

// ---------------------------------------------------------------------------
// Files

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Reads the whole file at once: the files are a few MB and each is read once.
absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    const int error = errno;
    const std::string reason = std::generic_category().message(error);
    if (error == ENOENT) {
      return absl::NotFoundError(absl::StrCat(path, ": ", reason));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open ", path, ": ", reason));
  }
  std::string contents;
  char buffer[1 << 16];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    contents.append(buffer, read);
  }
  if (std::ferror(file.get())) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  }
  return contents;
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180): quoted fields may hold commas, doubled quotes and line
// breaks (the conversion file has names like "Phường Phú Xuân\n").

struct CsvRecord {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  CsvReader(absl::string_view text, absl::string_view path)
      : text_(text), path_(path) {
    // Tolerate a UTF-8 byte order mark, which spreadsheet exports add.
    if (absl::StartsWith(text_, "\xEF\xBB\xBF")) pos_ = 3;
  }

  // Reads the next record into `record`; false at the end of the text.
  absl::StatusOr<bool> Next(CsvRecord& record) {
    if (pos_ >= text_.size()) return false;
    record.line = line_;
    record.fields.clear();
    while (true) {
      std::string& field = record.fields.emplace_back();
      const bool quoted = pos_ < text_.size() && text_[pos_] == '"';
      HOPTAC_RETURN_IF_ERROR(quoted ? ReadQuoted(record.line, field)
                                    : ReadUnquoted(field));
      if (pos_ >= text_.size()) return true;
      const char separator = text_[pos_++];
      if (separator == ',') continue;
      // A line end: LF, CRLF or a lone CR.
      if (separator == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
        ++pos_;
      }
      ++line_;
      return true;
    }
  }

 private:
  absl::Status ReadUnquoted(std::string& field) {
    const size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n' || c == '\r') break;
      if (c == '"') {
        return absl::InvalidArgumentError(absl::StrCat(
            path_, ":", line_, ": a quote inside an unquoted field"));
      }
      ++pos_;
    }
    field.assign(text_.data() + start, pos_ - start);
    return absl::OkStatus();
  }

  absl::Status ReadQuoted(int record_line, std::string& field) {
    ++pos_;  // the opening quote
    while (true) {
      const size_t quote = text_.find('"', pos_);
      if (quote == absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat(
            path_, ":", record_line, ": a quoted field is never closed"));
      }
      const absl::string_view chunk = text_.substr(pos_, quote - pos_);
      for (const char c : chunk) line_ += c == '\n' ? 1 : 0;
      field.append(chunk.data(), chunk.size());
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is one quote
        field.push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
        text_[pos_] != '\r') {
      return absl::InvalidArgumentError(absl::StrCat(
          path_, ":", line_, ": text after the closing quote of a field"));
    }
    return absl::OkStatus();
  }

  absl::string_view text_;
  std::string path_;
  size_t pos_ = 0;
  int line_ = 1;
};

// ---------------------------------------------------------------------------
// Cells

// Where a row came from, for error messages.
struct RowRef {
  absl::string_view path;
  int line;
};

absl::Status RowError(const RowRef& row, absl::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(row.path, ":", row.line, ": ", message));
}

bool IsBlank(absl::string_view cell) {
  return absl::StripAsciiWhitespace(cell).empty();
}

// True when every cell from `first` on is blank.
bool BlankFrom(const std::vector<std::string>& fields, size_t first) {
  for (size_t i = first; i < fields.size(); ++i) {
    if (!IsBlank(fields[i])) return false;
  }
  return true;
}

// Collapses each run of ASCII white space (line breaks inside quoted cells
// included) to one space: the source has "Xã  Hòa Khánh" beside
// "Xã Hòa Khánh", and NormalizeText rejects line breaks.
std::string CollapseSpaces(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_space = false;
  for (const char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

// A name as stored: single-spaced, trimmed, NFC (the conversion file is
// partly decomposed).
absl::StatusOr<std::string> CleanName(absl::string_view raw, const RowRef& row,
                                      absl::string_view column) {
  HOPTAC_ASSIGN_OR_RETURN(
      std::string name,
      NormalizeText(CollapseSpaces(raw),
                    absl::StrCat(row.path, ":", row.line, ": ", column)));
  if (name.empty()) return RowError(row, absl::StrCat(column, " is empty"));
  return name;
}

// Checks that `raw` is a GSO code of `digits` digits and returns it trimmed,
// leading zeros kept.
absl::StatusOr<std::string> CleanCode(absl::string_view raw, size_t digits,
                                      const RowRef& row,
                                      absl::string_view column) {
  const absl::string_view code = absl::StripAsciiWhitespace(raw);
  bool ok = code.size() == digits;
  for (const char c : code) ok = ok && absl::ascii_isdigit(c);
  if (!ok) {
    return RowError(row, absl::StrCat(column, " \"", code, "\" is not a ",
                                      digits, "-digit code"));
  }
  return std::string(code);
}

// A cell like "Tỉnh Lạng Sơn (20)" or "Huyện Cao Lộc (183)".
struct NamedCode {
  absl::string_view name;  // raw, not yet cleaned
  std::string code;
};

absl::StatusOr<NamedCode> SplitNamedCode(absl::string_view raw, size_t digits,
                                         const RowRef& row,
                                         absl::string_view column) {
  const absl::string_view cell = absl::StripAsciiWhitespace(raw);
  const size_t open = cell.rfind('(');
  if (!absl::EndsWith(cell, ")") || open == absl::string_view::npos) {
    return RowError(row, absl::StrCat(column, " \"", cell,
                                      "\" does not end with a (code)"));
  }
  NamedCode out;
  out.name = cell.substr(0, open);
  HOPTAC_ASSIGN_OR_RETURN(
      out.code, CleanCode(cell.substr(open + 1, cell.size() - open - 2), digits,
                          row, column));
  return out;
}

// ---------------------------------------------------------------------------
// Kinds, read from the name's prefix (or the "Cấp" column).

struct KindPrefix {
  absl::string_view prefix;
  OrgUnitKind kind;
};

// Case-insensitive on ASCII letters only: the source writes both "Thị xã" and
// "Thị Xã", "Thành phố" and "Thành Phố"; the accented letters of these
// prefixes are always lower case. With `whole_text`, the text must be the
// prefix itself (the "Cấp" column), otherwise a word of the name must follow.
std::optional<OrgUnitKind> MatchKind(absl::string_view text,
                                     absl::Span<const KindPrefix> table,
                                     bool whole_text = false) {
  for (const KindPrefix& entry : table) {
    if (!absl::StartsWithIgnoreCase(text, entry.prefix)) continue;
    const absl::string_view rest = text.substr(entry.prefix.size());
    if (whole_text ? rest.empty() : absl::StartsWith(rest, " ")) {
      return entry.kind;
    }
  }
  return std::nullopt;
}

absl::StatusOr<OrgUnitKind> ProvinceKind(absl::string_view name,
                                         const RowRef& row) {
  static constexpr KindPrefix kTable[] = {
      {"Tỉnh", OrgUnitKind::kProvince},
      {"Thành phố", OrgUnitKind::kCentralCity},
  };
  if (auto kind = MatchKind(name, kTable)) return *kind;
  return RowError(row, absl::StrCat("unknown province kind in \"", name, "\""));
}

absl::StatusOr<OrgUnitKind> DistrictKind(absl::string_view name,
                                         const RowRef& row) {
  static constexpr KindPrefix kTable[] = {
      {"Huyện", OrgUnitKind::kRuralDistrict},
      {"Quận", OrgUnitKind::kUrbanDistrict},
      {"Thị xã", OrgUnitKind::kTown},
      {"Thành phố", OrgUnitKind::kProvincialCity},
  };
  if (auto kind = MatchKind(name, kTable)) return *kind;
  return RowError(row, absl::StrCat("unknown district kind in \"", name, "\""));
}

// The "Cấp" (level) column of the old file: Xã, Phường or Thị trấn.
absl::StatusOr<OrgUnitKind> OldCommuneKind(absl::string_view level,
                                           const RowRef& row) {
  static constexpr KindPrefix kTable[] = {
      {"Xã", OrgUnitKind::kCommune},
      {"Phường", OrgUnitKind::kWard},
      {"Thị trấn", OrgUnitKind::kTownship},
  };
  if (auto kind = MatchKind(level, kTable, /*whole_text=*/true)) return *kind;
  return RowError(row, absl::StrCat("unknown level (Cấp) \"", level, "\""));
}

absl::StatusOr<OrgUnitKind> NewCommuneKind(absl::string_view name,
                                           const RowRef& row) {
  static constexpr KindPrefix kTable[] = {
      {"Xã", OrgUnitKind::kCommune},
      {"Phường", OrgUnitKind::kWard},
      {"Đặc khu", OrgUnitKind::kSpecialZone},
      // The conversion file spells Xã Ea Kly (24496) "Xa Ea Kly".
      {"Xa", OrgUnitKind::kCommune},
  };
  if (auto kind = MatchKind(name, kTable)) return *kind;
  return RowError(row, absl::StrCat("unknown commune kind in \"", name, "\""));
}

// "Nhập toàn bộ" (merged whole), "Giữ nguyên" (kept), "Đổi tên" (renamed),
// "Sắp xếp toàn bộ huyện ... thành đặc khu" move the whole old unit. Every
// partial move says "một phần" (in part) or "Phần còn lại" (the remainder):
// "Nhập một phần", "Nhập một phần diện tích, toàn bộ dân số", "Đổi tên từ một
// phần Phường 15", "Phần còn lại sau khi tách một phần ...".
// `note` is cleaned (NFC, single-spaced).
bool IsWholeMove(absl::string_view note) {
  return !absl::StrContains(note, "một phần") &&
         !absl::StartsWith(note, "Phần còn lại");
}

// ---------------------------------------------------------------------------
// The old file: communes-before-2025-07-01.csv
// Columns: Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp,
// Tên Tiếng Anh.

constexpr size_t kOldColumns = 8;
enum OldColumn : size_t {
  kOldProvinceName = 0,
  kOldProvinceCode = 1,
  kOldDistrictName = 2,
  kOldDistrictCode = 3,
  kOldCommuneName = 4,
  kOldCommuneCode = 5,
  kOldCommuneLevel = 6,
};

struct OldTree {
  std::optional<AdminUnitRecord> province;
  std::map<std::string, AdminUnitRecord> districts;  // by code
  std::map<std::string, AdminUnitRecord> communes;   // by code
};

// Fails unless the header names the columns this loader reads, so that a
// reordered export is refused rather than misread.
absl::Status CheckHeader(
    const CsvRecord& header, absl::string_view path,
    const std::vector<std::pair<size_t, absl::string_view>>& expected) {
  const RowRef row{path, header.line};
  for (const auto& [index, title] : expected) {
    if (index >= header.fields.size() ||
        absl::StripAsciiWhitespace(header.fields[index]) != title) {
      return RowError(row, absl::StrCat("header: expected column ", index + 1,
                                        " to be \"", title, "\""));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckWidth(const CsvRecord& record, size_t columns,
                        const RowRef& row) {
  if (record.fields.size() < columns || !BlankFrom(record.fields, columns)) {
    return RowError(row, absl::StrCat("expected ", columns, " fields, found ",
                                      record.fields.size()));
  }
  return absl::OkStatus();
}

absl::Status AddOldProvince(const CsvRecord& record, const std::string& code,
                            const RowRef& row, OldTree& tree) {
  if (tree.province.has_value()) return absl::OkStatus();
  AdminUnitRecord province;
  province.code = code;
  HOPTAC_ASSIGN_OR_RETURN(
      province.name,
      CleanName(record.fields[kOldProvinceName], row, "province name"));
  HOPTAC_ASSIGN_OR_RETURN(province.kind, ProvinceKind(province.name, row));
  province.level = OrgUnitLevel::kProvince;
  province.valid_to = kLastOldShapeDay;
  tree.province = std::move(province);
  return absl::OkStatus();
}

absl::Status AddOldDistrict(const CsvRecord& record, const std::string& code,
                            const RowRef& row, OldTree& tree) {
  if (tree.districts.contains(code)) return absl::OkStatus();
  AdminUnitRecord district;
  district.code = code;
  HOPTAC_ASSIGN_OR_RETURN(
      district.name,
      CleanName(record.fields[kOldDistrictName], row, "district name"));
  HOPTAC_ASSIGN_OR_RETURN(district.kind, DistrictKind(district.name, row));
  district.level = OrgUnitLevel::kDistrict;
  district.parent_code = tree.province->code;
  district.valid_to = kLastOldShapeDay;
  tree.districts.emplace(code, std::move(district));
  return absl::OkStatus();
}

absl::Status AddOldCommune(const CsvRecord& record,
                           const std::string& district_code, const RowRef& row,
                           OldTree& tree) {
  const std::string& raw_name = record.fields[kOldCommuneName];
  const std::string& raw_code = record.fields[kOldCommuneCode];
  // The island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo)
  // had no communes: their row names the district only.
  if (IsBlank(raw_name) && IsBlank(raw_code)) return absl::OkStatus();
  AdminUnitRecord commune;
  HOPTAC_ASSIGN_OR_RETURN(commune.code,
                          CleanCode(raw_code, 5, row, "commune code (Mã PX)"));
  HOPTAC_ASSIGN_OR_RETURN(commune.name,
                          CleanName(raw_name, row, "commune name"));
  HOPTAC_ASSIGN_OR_RETURN(
      const std::string level,
      CleanName(record.fields[kOldCommuneLevel], row, "level (Cấp)"));
  HOPTAC_ASSIGN_OR_RETURN(commune.kind, OldCommuneKind(level, row));
  commune.level = OrgUnitLevel::kCommune;
  commune.parent_code = district_code;
  commune.valid_to = kLastOldShapeDay;
  const std::string code = commune.code;
  if (!tree.communes.emplace(code, std::move(commune)).second) {
    return RowError(row, absl::StrCat("commune code ", code, " repeated"));
  }
  return absl::OkStatus();
}

absl::Status AddOldRow(const CsvRecord& record,
                       const std::string& province_code, const RowRef& row,
                       OldTree& tree) {
  HOPTAC_RETURN_IF_ERROR(AddOldProvince(record, province_code, row, tree));
  HOPTAC_ASSIGN_OR_RETURN(const std::string district_code,
                          CleanCode(record.fields[kOldDistrictCode], 3, row,
                                    "district code (Mã QH)"));
  HOPTAC_RETURN_IF_ERROR(AddOldDistrict(record, district_code, row, tree));
  return AddOldCommune(record, district_code, row, tree);
}

absl::StatusOr<OldTree> ReadOldTree(const std::string& path,
                                    const std::string& province_code) {
  HOPTAC_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  CsvReader reader(text, path);
  CsvRecord record;
  HOPTAC_ASSIGN_OR_RETURN(bool more, reader.Next(record));
  if (!more) return absl::InvalidArgumentError(absl::StrCat(path, ": empty"));
  HOPTAC_RETURN_IF_ERROR(CheckHeader(record, path,
                                     {{kOldProvinceCode, "Mã TP"},
                                      {kOldDistrictCode, "Mã QH"},
                                      {kOldCommuneCode, "Mã PX"},
                                      {kOldCommuneLevel, "Cấp"}}));
  OldTree tree;
  while (true) {
    HOPTAC_ASSIGN_OR_RETURN(more, reader.Next(record));
    if (!more) break;
    const RowRef row{path, record.line};
    if (BlankFrom(record.fields, 0)) continue;
    HOPTAC_RETURN_IF_ERROR(CheckWidth(record, kOldColumns, row));
    HOPTAC_ASSIGN_OR_RETURN(const std::string code,
                            CleanCode(record.fields[kOldProvinceCode], 2, row,
                                      "province code (Mã TP)"));
    if (code != province_code) continue;
    HOPTAC_RETURN_IF_ERROR(AddOldRow(record, code, row, tree));
  }
  return tree;
}

// ---------------------------------------------------------------------------
// The conversion file: conversion-2025-07-01.csv
// Two header rows, then per province a section row (its name alone, mostly in
// capitals) and rows: Tỉnh thành phố "(code)", Tên Xã mới, Mã Xã mới, Tên Xã
// cũ, Mã Xã cũ, Ghi chú, Quận/huyện "(code)", Tỉnh cũ "(code)", and an empty
// ninth column.

constexpr size_t kConversionColumns = 8;
enum ConversionColumn : size_t {
  kNewProvince = 0,
  kNewName = 1,
  kNewCode = 2,
  kOldName = 3,
  kOldCode = 4,
  kNote = 5,
  kOldDistrict = 6,
  kOldProvince = 7,
};

struct NewTree {
  std::optional<AdminUnitRecord> province;
  std::map<std::string, AdminUnitRecord> communes;  // by code
  // (old code, new code) -> whole; a pair listed twice is whole only if every
  // listing says so.
  std::map<std::pair<std::string, std::string>, bool> lineage;
};

absl::Status AddNewProvince(absl::string_view raw_name, const std::string& code,
                            const RowRef& row, NewTree& tree) {
  if (tree.province.has_value()) return absl::OkStatus();
  AdminUnitRecord province;
  province.code = code;
  HOPTAC_ASSIGN_OR_RETURN(province.name,
                          CleanName(raw_name, row, "province name"));
  HOPTAC_ASSIGN_OR_RETURN(province.kind, ProvinceKind(province.name, row));
  province.level = OrgUnitLevel::kProvince;
  province.valid_from = kReformDay;
  tree.province = std::move(province);
  return absl::OkStatus();
}

// The first listing of a new unit names it: 05941 is spelt both "Xã Điềm
// Thụy" and "Xã Điềm Thuỵ".
absl::Status AddNewCommune(const CsvRecord& record, const std::string& code,
                           const RowRef& row, NewTree& tree) {
  if (tree.communes.contains(code)) return absl::OkStatus();
  AdminUnitRecord commune;
  commune.code = code;
  HOPTAC_ASSIGN_OR_RETURN(
      commune.name, CleanName(record.fields[kNewName], row, "new unit name"));
  HOPTAC_ASSIGN_OR_RETURN(commune.kind, NewCommuneKind(commune.name, row));
  commune.level = OrgUnitLevel::kCommune;
  commune.parent_code = tree.province->code;
  commune.valid_from = kReformDay;
  tree.communes.emplace(code, std::move(commune));
  return absl::OkStatus();
}

// The old side of a row: an old commune, or, when both its name and code are
// empty, the whole old district (the island districts became special zones,
// đặc khu). A named area without a code ("Khu vực bãi bồi ven biển", a coastal
// flat) was no unit and has no lineage.
absl::Status AddLineage(const CsvRecord& record, const std::string& new_code,
                        const RowRef& row, NewTree& tree) {
  HOPTAC_ASSIGN_OR_RETURN(
      const NamedCode old_district,
      SplitNamedCode(record.fields[kOldDistrict], 3, row, "old district"));
  HOPTAC_RETURN_IF_ERROR(
      SplitNamedCode(record.fields[kOldProvince], 2, row, "old province")
          .status());
  std::string old_code;
  if (!IsBlank(record.fields[kOldCode])) {
    HOPTAC_ASSIGN_OR_RETURN(
        old_code, CleanCode(record.fields[kOldCode], 5, row, "old code"));
  } else if (IsBlank(record.fields[kOldName])) {
    old_code = old_district.code;
  } else {
    return absl::OkStatus();
  }
  HOPTAC_ASSIGN_OR_RETURN(
      const std::string note,
      CleanName(record.fields[kNote], row, "note (Ghi chú)"));
  const bool whole = IsWholeMove(note);
  auto [it, inserted] = tree.lineage.emplace(
      std::make_pair(std::move(old_code), new_code), whole);
  if (!inserted) it->second = it->second && whole;
  return absl::OkStatus();
}

absl::Status AddConversionRow(const CsvRecord& record,
                              const NamedCode& province, const RowRef& row,
                              NewTree& tree) {
  HOPTAC_RETURN_IF_ERROR(
      AddNewProvince(province.name, province.code, row, tree));
  HOPTAC_ASSIGN_OR_RETURN(
      const std::string new_code,
      CleanCode(record.fields[kNewCode], 5, row, "new code (Mã Xã mới)"));
  HOPTAC_RETURN_IF_ERROR(AddNewCommune(record, new_code, row, tree));
  return AddLineage(record, new_code, row, tree);
}

absl::StatusOr<NewTree> ReadNewTree(const std::string& path,
                                    const std::string& province_code) {
  HOPTAC_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  CsvReader reader(text, path);
  CsvRecord record;
  // Row 1 groups the columns ("from 01/7/2025" | "before 01/7/2025"); row 2
  // names them.
  for (int header = 0; header < 2; ++header) {
    HOPTAC_ASSIGN_OR_RETURN(const bool more, reader.Next(record));
    if (!more) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": missing the two header rows"));
    }
  }
  HOPTAC_RETURN_IF_ERROR(CheckHeader(
      record, path, {{kNewCode, "Mã Xã mới"}, {kOldCode, "Mã Xã cũ"}}));
  NewTree tree;
  while (true) {
    HOPTAC_ASSIGN_OR_RETURN(const bool more, reader.Next(record));
    if (!more) break;
    const RowRef row{path, record.line};
    // Blank rows and section rows ("LẠNG SƠN", "Tỉnh Bắc Ninh (24)").
    if (BlankFrom(record.fields, 1)) continue;
    HOPTAC_RETURN_IF_ERROR(CheckWidth(record, kConversionColumns, row));
    HOPTAC_ASSIGN_OR_RETURN(
        const NamedCode province,
        SplitNamedCode(record.fields[kNewProvince], 2, row, "province"));
    if (province.code != province_code) continue;
    HOPTAC_RETURN_IF_ERROR(AddConversionRow(record, province, row, tree));
  }
  return tree;
}

// ---------------------------------------------------------------------------
// The catalog

template <typename Map>
void AppendValues(Map& map, std::vector<AdminUnitRecord>& out) {
  for (auto& [code, unit] : map) out.push_back(std::move(unit));
}

// One record when the code kept its name across the reform (Lạng Sơn);
// otherwise the old and the new province are different units sharing a code.
void AppendProvinces(OldTree& old_tree, NewTree& new_tree,
                     std::vector<AdminUnitRecord>& out) {
  std::optional<AdminUnitRecord>& old_province = old_tree.province;
  std::optional<AdminUnitRecord>& new_province = new_tree.province;
  if (old_province && new_province &&
      old_province->name == new_province->name &&
      old_province->kind == new_province->kind) {
    old_province->valid_to.reset();
    out.push_back(std::move(*old_province));
    return;
  }
  if (old_province) out.push_back(std::move(*old_province));
  if (new_province) out.push_back(std::move(*new_province));
}

AdminUnitCatalog BuildCatalog(OldTree old_tree, NewTree new_tree) {
  AdminUnitCatalog catalog;
  catalog.units.reserve(2 + old_tree.districts.size() +
                        old_tree.communes.size() + new_tree.communes.size());
  AppendProvinces(old_tree, new_tree, catalog.units);
  AppendValues(old_tree.districts, catalog.units);
  AppendValues(old_tree.communes, catalog.units);
  AppendValues(new_tree.communes, catalog.units);
  catalog.lineage.reserve(new_tree.lineage.size());
  for (const auto& [codes, whole] : new_tree.lineage) {
    catalog.lineage.push_back(
        AdminUnitLineage{codes.first, codes.second, whole});
  }
  return catalog;
}

absl::Status CheckProvinceCode(absl::string_view code) {
  const bool ok = code.size() == 2 && absl::ascii_isdigit(code[0]) &&
                  absl::ascii_isdigit(code[1]);
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "province_code: \"", code, "\" is not a two-digit GSO code"));
}

}  // namespace

absl::StatusOr<AdminUnitCatalog> LoadProvinceAdminUnits(
    const std::string& communes_before_csv, const std::string& conversion_csv,
    absl::string_view province_code) {
  HOPTAC_RETURN_IF_ERROR(CheckProvinceCode(province_code));
  const std::string code(province_code);
  HOPTAC_ASSIGN_OR_RETURN(OldTree old_tree,
                          ReadOldTree(communes_before_csv, code));
  HOPTAC_ASSIGN_OR_RETURN(NewTree new_tree, ReadNewTree(conversion_csv, code));
  if (!old_tree.province && !new_tree.province) {
    return absl::NotFoundError(
        absl::StrCat("province ", province_code, " is in neither ",
                     communes_before_csv, " nor ", conversion_csv));
  }
  return BuildCatalog(std::move(old_tree), std::move(new_tree));
}

absl::StatusOr<AdminUnitCatalog> LoadProvinceAdminUnitsFromDir(
    const std::string& dir, absl::string_view province_code) {
  const std::string prefix =
      dir.empty() || dir.back() == '/' ? dir : absl::StrCat(dir, "/");
  return LoadProvinceAdminUnits(absl::StrCat(prefix, kCommunesBeforeFileName),
                                absl::StrCat(prefix, kConversionFileName),
                                province_code);
}

}  // namespace hoptac::registry
