// The zip container, read back by libzip itself and checked at the byte
// level where EPUB's OCF is strict: `mimetype` first, stored, no extra field.
#include "client/book/zip_writer.h"

#include <zip.h>

#include <cstring>
#include <string>

#include "gtest/gtest.h"

namespace policyreader::book {
namespace {

// Little-endian 16-bit field of a local file header.
uint16_t U16(const std::string& bytes, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(bytes[at]) |
                               static_cast<unsigned char>(bytes[at + 1]) << 8);
}

TEST(ZipWriterTest, MimetypeComesFirstStoredWithoutExtraField) {
  ZipWriter zip(/*mtime=*/1700000000);
  zip.Add("mimetype", "application/epub+zip", /*compress=*/false);
  zip.Add("EPUB/a.xhtml", std::string(5000, 'a'));
  absl::StatusOr<std::string> bytes = zip.Finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  // Local file header: signature, version, flags, method at 8, name length
  // at 26, extra length at 28, name at 30.
  ASSERT_GT(bytes->size(), 58u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\3\4", 4));
  EXPECT_EQ(U16(*bytes, 8), 0) << "stored";
  EXPECT_EQ(U16(*bytes, 26), 8);
  EXPECT_EQ(U16(*bytes, 28), 0) << "no extra field";
  EXPECT_EQ(bytes->substr(30, 28), "mimetypeapplication/epub+zip");
}

TEST(ZipWriterTest, ReadsBackWithLibzip) {
  ZipWriter zip(/*mtime=*/1700000000);
  zip.Add("mimetype", "application/epub+zip", /*compress=*/false);
  const std::string text(20000, 'x');
  zip.Add("EPUB/text.xhtml", text);
  zip.Add("EPUB/æøå.txt", "dansk");
  absl::StatusOr<std::string> bytes = zip.Finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_LT(bytes->size(), text.size()) << "deflated";

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(bytes->data(), bytes->size(), 0, &error);
  ASSERT_NE(source, nullptr);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  ASSERT_NE(archive, nullptr) << zip_error_strerror(&error);
  ASSERT_EQ(zip_get_num_entries(archive, 0), 3);
  EXPECT_STREQ(zip_get_name(archive, 0, 0), "mimetype");
  EXPECT_STREQ(zip_get_name(archive, 2, 0), "EPUB/æøå.txt");
  zip_stat_t stat;
  ASSERT_EQ(zip_stat_index(archive, 1, 0, &stat), 0);
  EXPECT_EQ(stat.size, text.size());
  EXPECT_EQ(stat.mtime, 1700000000 - 1700000000 % 2) << "DOS time: 2 s steps";
  zip_file_t* file = zip_fopen_index(archive, 1, 0);
  ASSERT_NE(file, nullptr);
  std::string read(text.size(), '\0');
  EXPECT_EQ(zip_fread(file, read.data(), read.size()),
            static_cast<zip_int64_t>(text.size()));
  EXPECT_EQ(read, text);
  zip_fclose(file);
  zip_close(archive);
}

TEST(ZipWriterTest, SameInputSameBytes) {
  const auto make = [] {
    ZipWriter zip(/*mtime=*/1700000000);
    zip.Add("mimetype", "application/epub+zip", false);
    zip.Add("a", "b");
    return zip.Finish();
  };
  absl::StatusOr<std::string> first = make();
  absl::StatusOr<std::string> second = make();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
}

}  // namespace
}  // namespace policyreader::book
