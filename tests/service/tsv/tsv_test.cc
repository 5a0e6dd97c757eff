// The TSV reader: which lines become rows, how they split, and how errors
// name the place.
#include "service/tsv/tsv.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::tsv {
namespace {

// A row as the tests write it: line number and fields.
struct ExpectedRow {
  int line;
  std::vector<std::string> fields;
};

struct ParseCase {
  std::string name;
  std::string contents;
  Options options;
  std::vector<ExpectedRow> rows;
  // Fields of the header row; empty when none is expected.
  std::vector<std::string> header;
};

std::vector<std::string> Fields(const Row& row) {
  return std::vector<std::string>(row.fields.begin(), row.fields.end());
}

class ParseTest : public testing::TestWithParam<ParseCase> {};

TEST_P(ParseTest, GivesTheDataRowsWithTheirLines) {
  const ParseCase& c = GetParam();
  absl::StatusOr<Table> table = Reader("f.tsv", c.options).Parse(c.contents);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->rows.size(), c.rows.size());
  for (size_t i = 0; i < c.rows.size(); ++i) {
    EXPECT_EQ(table->rows[i].line, c.rows[i].line) << "row " << i;
    EXPECT_EQ(Fields(table->rows[i]), c.rows[i].fields) << "row " << i;
  }
  if (c.header.empty()) {
    EXPECT_FALSE(table->header.has_value());
  } else {
    ASSERT_TRUE(table->header.has_value());
    EXPECT_EQ(Fields(*table->header), c.header);
  }
}

Options WithHeader(size_t columns) {
  Options options;
  options.columns = columns;
  options.header = true;
  return options;
}

Options Raw() {
  Options options;
  options.comments = false;
  options.strip_fields = false;
  return options;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseTest,
    testing::Values(
        ParseCase{"Empty", "", {}, {}, {}},
        ParseCase{"OneRowNoFinalNewline", "a\tb", {}, {{1, {"a", "b"}}}, {}},
        ParseCase{"LinesCountCommentsAndBlanks",
                  "# c\n\na\tb\n   \n\t\n  # indented\nc\td\n",
                  {},
                  {{3, {"a", "b"}}, {7, {"c", "d"}}},
                  {}},
        ParseCase{"CrLf",
                  "a\tb\r\nc\td\r\n",
                  {},
                  {{1, {"a", "b"}}, {2, {"c", "d"}}},
                  {}},
        ParseCase{"ByteOrderMark",
                  "\xEF\xBB\xBF"
                  "a\tb\n",
                  {},
                  {{1, {"a", "b"}}},
                  {}},
        ParseCase{"ByteOrderMarkBeforeAComment",
                  "\xEF\xBB\xBF# c\na\n",
                  {},
                  {{2, {"a"}}},
                  {}},
        // Only the file's first bytes can be a byte order mark.
        ParseCase{"ByteOrderMarkLaterIsData",
                  "a\n\xEF\xBB\xBF"
                  "b\n",
                  {},
                  {{1, {"a"}},
                   {2,
                    {"\xEF\xBB\xBF"
                     "b"}}},
                  {}},
        ParseCase{"EmptyFieldsCount",
                  "a\t\tb\t\n",
                  {},
                  {{1, {"a", "", "b", ""}}},
                  {}},
        ParseCase{"FieldsStripped", " a \t b\n", {}, {{1, {"a", "b"}}}, {}},
        ParseCase{"FieldsKept", " a \t b\n", Raw(), {{1, {" a ", " b"}}}, {}},
        ParseCase{"CommentsKept", "#a\tb\n", Raw(), {{1, {"#a", "b"}}}, {}},
        // A '#' inside a row is data.
        ParseCase{"HashInAField", "a\t# b\n", {}, {{1, {"a", "# b"}}}, {}},
        ParseCase{"Header",
                  "# c\nx\ty\na\tb\n",
                  WithHeader(2),
                  {{3, {"a", "b"}}},
                  {"x", "y"}},
        // The header's width is its caller's to judge.
        ParseCase{"HeaderOfOtherWidth",
                  "x\na\tb\n",
                  WithHeader(2),
                  {{2, {"a", "b"}}},
                  {"x"}},
        ParseCase{"HeaderOnly", "x\ty\n", WithHeader(2), {}, {"x", "y"}},
        ParseCase{"NoHeaderInAnEmptyFile", "# c\n", WithHeader(2), {}, {}}),
    [](const testing::TestParamInfo<ParseCase>& info) {
      return info.param.name;
    });

TEST(ParseTest, RowTextIsTheLineWithoutItsBreak) {
  absl::StatusOr<Table> table =
      Reader("f.tsv").Parse("\xEF\xBB\xBF  one  phrase\t\r\nnext");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].text, "  one  phrase\t");
  EXPECT_EQ(table->rows[1].text, "next");
}

struct ErrorCase {
  std::string name;
  std::string contents;
  Options options;
  std::string message;
};

Options Columns(size_t columns, std::string_view names = "",
                LineStyle style = LineStyle::kColon) {
  Options options;
  options.columns = columns;
  options.column_names = names;
  options.line_style = style;
  return options;
}

class ParseErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ParseErrorTest, NamesFileLineAndWhatIsWrong) {
  const ErrorCase& c = GetParam();
  absl::StatusOr<Table> table = Reader("f.tsv", c.options).Parse(c.contents);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(table.status().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseErrorTest,
    testing::Values(
        ErrorCase{"TooFew", "a\tb\tc\n# c\na\tb\n", Columns(3),
                  "f.tsv:3: expected 3 tab-separated columns, found 2"},
        ErrorCase{"TooMany", "a\tb\tc\td\n", Columns(3),
                  "f.tsv:1: expected 3 tab-separated columns, found 4"},
        ErrorCase{"SpacesAreNotTabs", "a b c\n", Columns(3),
                  "f.tsv:1: expected 3 tab-separated columns, found 1"},
        // A stray tab at the end is one field more, not ignored.
        ErrorCase{"TrailingTab", "a\tb\t\n", Columns(2),
                  "f.tsv:1: expected 2 tab-separated columns, found 3"},
        ErrorCase{
            "WithNamesInWords", "\n\na\tb\n",
            Columns(3, "written, spoken, ends_sentence", LineStyle::kWord),
            "f.tsv line 3: expected 3 tab-separated columns (written, "
            "spoken, ends_sentence), found 2"},
        ErrorCase{"FirstBadRowWins", "a\nb\tc\td\n", Columns(2),
                  "f.tsv:1: expected 2 tab-separated columns, found 1"}),
    [](const testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

TEST(ReaderTest, CallerErrorsNameThePlaceInTheFilesStyle) {
  const Reader colon("calls.tsv");
  EXPECT_EQ(colon.LineError(4, "empty message text").message(),
            "calls.tsv:4: empty message text");
  EXPECT_EQ(colon.LineError(4, "x").code(), absl::StatusCode::kInvalidArgument);
  Options words;
  words.line_style = LineStyle::kWord;
  const Reader word("/v/units.tsv", words);
  EXPECT_EQ(word.LineError(12, "empty column").message(),
            "/v/units.tsv line 12: empty column");
  EXPECT_EQ(word.FileError("missing the header line").message(),
            "/v/units.tsv: missing the header line");
  EXPECT_EQ(word.FileError("x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(word.file_name(), "/v/units.tsv");
}

TEST(ReadFileTest, ReadsBytesAsTheyAre) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("tsv_test_" + std::to_string(getpid())))
                               .string();
  const std::string bytes = std::string("a\tb\r\n\0c\xFF", 8);
  std::ofstream(path, std::ios::binary) << bytes;
  absl::StatusOr<std::string> read = ReadFile(path);
  std::remove(path.c_str());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, bytes);
}

TEST(ReadFileTest, MissingFileIsNotFoundNamingIt) {
  absl::StatusOr<std::string> read = ReadFile("/nonexistent/x.tsv");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(read.status().message(), "cannot open /nonexistent/x.tsv");
}

}  // namespace
}  // namespace policyreader::tsv
