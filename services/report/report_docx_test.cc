// The DOCX checked for real: the shipped template rendered with the fixture's
// draft, converted to text by LibreOffice headless. Fails (never skips) when
// soffice is missing: scripts/setup.sh installs it.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"
#include "services/report/report_rendering.h"
#include "services/report/seed_answers_testing.h"
#include "services/report/template_files.h"

namespace hoptac::report {
namespace {

namespace fs = std::filesystem;
using ::hoptac::testing::IsOk;
using ::testing::HasSubstr;

class DocxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / absl::StrCat("hoptac-docx-", getpid(), "-",
                                                    ::testing::UnitTest::GetInstance()
                                                        ->current_test_info()
                                                        ->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The text LibreOffice reads from `docx`.
  std::string ConvertToText(const std::string& docx) {
    const fs::path input = dir_ / "bao-cao.docx";
    std::ofstream(input, std::ios::binary) << docx;
    const std::string command = absl::StrCat(
        "HOME=", dir_.string(), " soffice --headless -env:UserInstallation=file://",
        (dir_ / "profile").string(), " --convert-to txt:Text --outdir ", dir_.string(), " ",
        input.string(), " >", (dir_ / "soffice.log").string(), " 2>&1");
    const int rc = std::system(command.c_str());
    const fs::path output = dir_ / "bao-cao.txt";
    // soffice exits 0 even when it fails: the output must exist.
    EXPECT_TRUE(fs::exists(output)) << "soffice (rc " << rc << ") wrote no text; is "
                                    << "libreoffice-writer-nogui installed?";
    std::ifstream in(output);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
};

TEST_F(DocxTest, LibreOfficeReadsTheReportAsAnOfficialDocument) {
  ASSERT_EQ(std::system("command -v soffice >/dev/null 2>&1"), 0)
      << "soffice is not installed (libreoffice-writer-nogui)";
  auto templates = LoadTemplateDirectory(HOPTAC_SOURCE_DIR "/data/report-templates");
  ASSERT_THAT(templates, IsOk());
  auto draft = LoadDraftDirectory(HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023/report");
  ASSERT_THAT(draft, IsOk());
  auto report = RenderReport((*templates)[0], *draft, testing::CaoLoc2023().Statistics());
  ASSERT_THAT(report, IsOk());
  const std::string text = ConvertToText(report->docx());
  EXPECT_THAT(text, HasSubstr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  EXPECT_THAT(text, HasSubstr("Độc lập - Tự do - Hạnh phúc"));
  EXPECT_THAT(text, HasSubstr("UBND HUYỆN CAO LỘC"));
  EXPECT_THAT(text, HasSubstr("/BC-UBND"));
  EXPECT_THAT(text, HasSubstr("BÁO CÁO"));
  EXPECT_THAT(text, HasSubstr("Kết quả thực hiện Kế hoạch số 115/KH-UBND ngày 15/5/2023"));
  EXPECT_THAT(text, HasSubstr("Hỗ trợ cho 04 hợp tác xã với kinh phí là 292,5 triệu đồng"));
  EXPECT_THAT(text, HasSubstr("khoảng 120 người tham dự"));
  EXPECT_THAT(text, HasSubstr("Nơi nhận:"));
  EXPECT_THAT(text, HasSubstr("Hoàng Mạnh Cường"));
  EXPECT_THAT(text, HasSubstr("BIỂU SỐ LIỆU"));
  // The ampersand of "VH, TT & Truyền thông" survived XML escaping.
  EXPECT_THAT(text, HasSubstr("VH, TT & Truyền thông"));
}

}  // namespace
}  // namespace hoptac::report
