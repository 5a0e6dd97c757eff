// Progress: a bar redrawn in place on a terminal, rate-limited lines in logs.
#include "client/render/progress.h"

#include <sstream>

#include "gtest/gtest.h"

namespace policyreader::render {
namespace {

TEST(ProgressBarTest, Cells) {
  EXPECT_EQ(ProgressBar(41, 380, 10), "[#.........] 41/380 sætninger");
  EXPECT_EQ(ProgressBar(380, 380, 10), "[##########] 380/380 sætninger");
  EXPECT_EQ(ProgressBar(0, 1, 4), "[....] 0/1 sætning");
}

TEST(ProgressReporterTest, TerminalRedrawsOneLine) {
  std::ostringstream out;
  absl::Time now = absl::UnixEpoch();
  ProgressReporter reporter(&out, /*terminal=*/true, [&] { return now; });
  reporter.Update({.done = 1, .total = 4, .source = "a.txt"});
  reporter.Update({.done = 2, .total = 4, .source = "a.txt"});  // Too soon.
  now += absl::Seconds(1);
  reporter.Update({.done = 3, .total = 4, .source = "a.txt"});
  reporter.Update({.done = 4, .total = 4, .source = "a.txt"});  // The last.
  reporter.Finish();
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 3) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_NE(text.find("4/4 sætninger"), std::string::npos);
  EXPECT_EQ(text.find("2/4"), std::string::npos);
}

TEST(ProgressReporterTest, LogsGetPlainLinesAtMostEverySecond) {
  std::ostringstream out;
  absl::Time now = absl::UnixEpoch();
  ProgressReporter reporter(&out, /*terminal=*/false, [&] { return now; });
  reporter.Update({.done = 1, .total = 380, .source = "a.txt"});
  now += absl::Milliseconds(500);
  reporter.Update({.done = 2, .total = 380, .source = "a.txt"});
  reporter.Update(
      {.done = 3, .total = 380, .source = "a.txt", .source_done = true});
  reporter.Finish();
  EXPECT_EQ(out.str(),
            "render: 1/380 sætninger (a.txt)\n"
            "render: 3/380 sætninger (a.txt)\n");
  std::ostringstream nothing;
  ProgressReporter idle(&nothing, false);
  idle.Update({.done = 0, .total = 0, .source = "a.txt", .source_done = true});
  EXPECT_EQ(nothing.str(), "");
}

}  // namespace
}  // namespace policyreader::render
