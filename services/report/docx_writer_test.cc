#include "services/report/docx_writer.h"

#include <zip.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::report {
namespace {

using ::hoptac::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

// One part of a DOCX archive, read back with libzip.
std::string ReadPart(const std::string& docx, const char* path) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(docx.data(), docx.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    return "";
  }
  std::string out;
  zip_stat_t stat;
  if (zip_stat(archive, path, 0, &stat) == 0) {
    zip_file_t* file = zip_fopen(archive, path, 0);
    out.resize(stat.size);
    zip_fread(file, out.data(), stat.size);
    zip_fclose(file);
  }
  zip_close(archive);
  return out;
}

OfficialDocument Document() {
  OfficialDocument doc;
  doc.issuing_body = "UBND HUYỆN CAO LỘC";
  doc.number_line = "Số:      /BC-UBND";
  doc.date_line = "Cao Lộc, ngày      tháng 12 năm 2023";
  doc.title = "BÁO CÁO";
  doc.subject_lines = {"Kết quả <thực hiện>"};
  doc.body = {{true, 1, "1. Đặc điểm"}, {false, 0, "Trung tâm VH, TT & Truyền thông"}};
  doc.recipients = {"Lưu: VT."};
  doc.signature_lines = {"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"};
  doc.signer_name = "Hoàng Mạnh Cường";
  doc.annex = {{"Số tin", "205", "outreach", "outreach.radio.news_items.collective_economy"}};
  return doc;
}

TEST(XmlEscapeTest, EscapesMarkupAndDropsControlCharacters) {
  EXPECT_EQ(XmlEscape("a & b <c> \"d\" 'e'"), "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;");
  EXPECT_EQ(XmlEscape(std::string("x\x01y\tz", 5)), "xy\tz");
  EXPECT_EQ(XmlEscape("Hợp tác xã"), "Hợp tác xã");
}

TEST(WriteDocxTest, IsAnA4DocumentInTimesNewRomanWithDecree30Margins) {
  auto docx = WriteDocx(Document());
  ASSERT_THAT(docx, IsOk());
  const std::string document = ReadPart(*docx, "word/document.xml");
  EXPECT_THAT(document, HasSubstr("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
  EXPECT_THAT(document, HasSubstr("w:top=\"1134\""));
  EXPECT_THAT(document, HasSubstr("w:left=\"1701\""));
  EXPECT_THAT(document, HasSubstr("w:right=\"1134\""));
  EXPECT_THAT(document, HasSubstr("Trung tâm VH, TT &amp; Truyền thông"));
  EXPECT_THAT(document, HasSubstr("Kết quả &lt;thực hiện&gt;"));
  EXPECT_THAT(document, Not(HasSubstr("<thực hiện>")));
  EXPECT_THAT(document, HasSubstr("Độc lập - Tự do - Hạnh phúc"));
  const std::string styles = ReadPart(*docx, "word/styles.xml");
  EXPECT_THAT(styles, HasSubstr("w:ascii=\"Times New Roman\""));
  EXPECT_THAT(styles, HasSubstr("<w:sz w:val=\"28\"/>"));
  EXPECT_THAT(ReadPart(*docx, "[Content_Types].xml"), HasSubstr("/word/document.xml"));
}

}  // namespace
}  // namespace hoptac::report
