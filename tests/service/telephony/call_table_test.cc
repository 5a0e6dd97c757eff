#include "service/telephony/call_table.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace policyreader::telephony {
namespace {

constexpr char kA[] = "3f1b7c2e-8a4d-4e6f-9b0a-1c2d3e4f5a60";
constexpr char kB[] = "7a9e0d14-2b3c-4d5e-8f60-718293a4b5c6";

TEST(CallTableTest, ReadsDocumentsMessagesAndDefault) {
  absl::StatusOr<CallTable> table = CallTable::Parse(
      "# comment\n"
      "\n"
      "3F1B7C2E-8A4D-4E6F-9B0A-1C2D3E4F5A60\tdocument\ttrivselspolitik\r\n"
      "7a9e0d14-2b3c-4d5e-8f60-718293a4b5c6\tmessage\tGod dag. Farvel.\n"
      "*\tmessage\tDette nummer læser ikke noget endnu.\n",
      "calls.tsv");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 2u);
  EXPECT_TRUE(table->has_default());
  const CallTarget* a = table->Find(kA);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind, CallTarget::Kind::kDocument);
  EXPECT_EQ(a->value, "trivselspolitik");
  EXPECT_EQ(a->line, 3);
  const CallTarget* b = table->Find("7A9E0D14-2B3C-4D5E-8F60-718293A4B5C6");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->kind, CallTarget::Kind::kMessage);
  EXPECT_EQ(b->value, "God dag. Farvel.");
  const CallTarget* other = table->Find("00000000-0000-0000-0000-000000000000");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->value, "Dette nummer læser ikke noget endnu.");
}

TEST(CallTableTest, WithoutDefaultUnknownIsNull) {
  absl::StatusOr<CallTable> table = CallTable::Parse(
      absl::StrCat(kA, "\tdocument\tx\n").c_str(), "calls.tsv");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_NE(table->Find(kA), nullptr);
  EXPECT_EQ(table->Find(kB), nullptr);
  EXPECT_FALSE(table->has_default());
}

TEST(CallTableTest, EmptyFileIsAnEmptyTable) {
  absl::StatusOr<CallTable> table = CallTable::Parse("# nothing yet\n", "c");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->size(), 0u);
  EXPECT_EQ(table->Find(kA), nullptr);
}

TEST(CallTableTest, MalformedLinesNameFileAndLine) {
  struct Case {
    std::string contents;
    std::string expected;  // Part of the message, after "calls.tsv:<line>: ".
    int line;
  };
  const std::string ok_row = absl::StrCat(kA, "\tdocument\tx\n");
  const Case cases[] = {
      {"# c\nnot a row\n", "expected 3 tab-separated fields", 2},
      {absl::StrCat(kA, "\tdocument\n"), "found 2", 1},
      {absl::StrCat(kA, "\tdocument\tx\ty\n"), "found 4", 1},
      {"3f1b7c2e\tdocument\tx\n", "is not a UUID", 1},
      {absl::StrCat(kA, "\tdoc\tx\n"), "\"document\" or \"message\"", 1},
      {absl::StrCat(kA, "\tdocument\t \n"), "empty document id", 1},
      {absl::StrCat(kA, "\tmessage\t\n"), "empty message text", 1},
      {ok_row + "\n" + ok_row, "already mapped on line 1", 3},
      {"*\tmessage\ta\n*\tmessage\tb\n", "second default row", 2},
  };
  for (const Case& c : cases) {
    absl::StatusOr<CallTable> table = CallTable::Parse(c.contents, "calls.tsv");
    ASSERT_FALSE(table.ok()) << c.contents;
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string message(table.status().message());
    EXPECT_EQ(message.rfind(absl::StrCat("calls.tsv:", c.line, ": "), 0), 0u)
        << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
  }
}

TEST(CallTableTest, MissingFileIsNotFound) {
  absl::StatusOr<CallTable> table = CallTable::Load("/nonexistent/calls.tsv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(table.status().message().find("/nonexistent/calls.tsv"),
            std::string::npos);
}

TEST(CallTableTest, SampleFileLoads) {
  absl::StatusOr<CallTable> table = CallTable::Load(SAMPLE_CALLS_FILE);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_GE(table->size(), 1u);
}

}  // namespace
}  // namespace policyreader::telephony
