// The log line format: JSON that a strict parser (protobuf's) accepts, with
// whatever a client may have put in a field.
#include "service/logging/log.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace policyreader::logging {
namespace {

google::protobuf::Struct Parse(const std::string& line) {
  google::protobuf::Struct parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &parsed).ok())
      << line;
  return parsed;
}

TEST(LogTest, LineIsOneJsonObjectWithTimeLevelEventAndFields) {
  const absl::Time time = absl::FromUnixMicros(1764745200123456);
  const std::string line =
      FormatLine(time, Level::kWarning, "access",
                 Fields()
                     .Add("method", "GET")
                     .Add("status", 200)
                     .Add("bytes", uint64_t{12345678901})
                     .Add("ratio", 0.25)
                     .Add("cached", true)
                     .AddMs("duration_ms", absl::Microseconds(1500)));
  EXPECT_EQ(line,
            "{\"ts\":\"2025-12-03T07:00:00.123456Z\",\"level\":\"warning\","
            "\"event\":\"access\",\"method\":\"GET\",\"status\":200,"
            "\"bytes\":12345678901,\"ratio\":0.25,\"cached\":true,"
            "\"duration_ms\":1.500}");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const google::protobuf::Struct parsed = Parse(line);
  EXPECT_EQ(parsed.fields().at("event").string_value(), "access");
  EXPECT_EQ(parsed.fields().at("duration_ms").number_value(), 1.5);
}

TEST(LogTest, EscapesWhatAClientSent) {
  const std::string nasty =
      "quote \" backslash \\ newline \n tab \t bell \a del \x7f æøå";
  const std::string line =
      FormatLine(absl::UnixEpoch(), Level::kInfo, "x",
                 Fields().Add("text", nasty).Add("nan", 0.0 / 0.0));
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const google::protobuf::Struct parsed = Parse(line);
  EXPECT_EQ(parsed.fields().at("text").string_value(), nasty);
  EXPECT_TRUE(parsed.fields().at("nan").has_null_value());
}

TEST(LogTest, LogWritesWholeLinesToTheSink) {
  std::vector<std::string> lines;
  SetSinkForTesting(
      [&lines](absl::string_view line) { lines.emplace_back(line); });
  Log(Level::kError, "worker_exit", Fields().Add("signal", "SIGSEGV"));
  SetSinkForTesting(nullptr);
  ASSERT_EQ(lines.size(), 1u);
  const google::protobuf::Struct parsed = Parse(lines[0]);
  EXPECT_EQ(parsed.fields().at("level").string_value(), "error");
  EXPECT_EQ(parsed.fields().at("signal").string_value(), "SIGSEGV");
}

TEST(LogTest, RequestIdsFromClientsAreKeptOnlyWhenHarmless) {
  const std::string fresh = NewRequestId();
  EXPECT_EQ(fresh.size(), 32u);
  EXPECT_EQ(fresh.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(NewRequestId(), fresh);
  EXPECT_EQ(RequestIdOrNew("req-42_a.b:c"), "req-42_a.b:c");
  EXPECT_EQ(RequestIdOrNew("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
            "f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
  for (const std::string bad :
       {std::string(), std::string("a\r\nSet-Cookie: x"),
        std::string("has space"), std::string(129, 'a')}) {
    const std::string replaced = RequestIdOrNew(bad);
    EXPECT_NE(replaced, bad);
    EXPECT_EQ(replaced.size(), 32u);
  }
}

}  // namespace
}  // namespace policyreader::logging
