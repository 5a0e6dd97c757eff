// Property tests: on any bytes, ParseHtml and ParseMarkdown return without
// crashing, and every map stays in the input, ordered, over valid UTF-8.
// Inputs are fixed-seed, so a failure reproduces.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/document.h"
#include "service/text/formats/html.h"
#include "service/text/formats/markdown.h"
#include "tests/service/text/formats/map_check.h"

namespace policyreader::text {
namespace {

using formats_test::ExpectSoundMap;

constexpr int kInputsPerGenerator = 1500;

// Pieces that push both parsers into their interesting states.
const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> fragments = {
      "<p>",
      "</p>",
      "<li>",
      "<ul>",
      "</ul>",
      "<ol>",
      "<h2>",
      "</h2>",
      "<table>",
      "<tr>",
      "<td>",
      "</table>",
      "<br>",
      "</br>",
      "<div>",
      "</div>",
      "<main>",
      "<article>",
      "<nav>",
      "<pre>",
      "<xmp>",
      "<svg>",
      "<math>",
      "<script>",
      "</script>",
      "<!--",
      "-->",
      "<![CDATA[",
      "]]>",
      "<b>",
      "</b>",
      "<a href=\"x\">",
      "</a>",
      "<img alt=\"y\">",
      "<p hidden>",
      "<div role=\"main\">",
      "<template>",
      "&amp;",
      "&nbsp;",
      "&notit;",
      "&#x",
      "&#128;",
      "&#0;",
      "&#xD800;",
      "&",
      "&a",
      ";",
      "<",
      ">",
      "\"",
      "'",
      "=",
      "/",
      "\n",
      "\r",
      "\r\n",
      "\t",
      " ",
      "  ",
      "\\",
      "*",
      "**",
      "_",
      "`",
      "```",
      "~~~",
      "[",
      "]",
      "(",
      ")",
      "](",
      "![",
      "# ",
      "## ",
      "- ",
      "1. ",
      "> ",
      ">",
      "    ",
      "---",
      "===",
      "<http://x.dk>",
      "[r]: /u",
      "\xC3\xA6",
      "\xE2\x80\x93",
      "\xF0\x9F\x98\x80",
      "\xFF",
      "\xC3",
      "\xE2\x82",
      "\x80",
      std::string(1, '\0'),
      "Tekst",
      "ø",
      "kl. 9.00",
      "§ 17",
  };
  return fragments;
}

std::string RandomBytes(std::mt19937& rng) {
  std::uniform_int_distribution<int> length(0, 200);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(length(rng), '\0');
  for (char& c : out) c = static_cast<char>(byte(rng));
  return out;
}

std::string RandomFragments(std::mt19937& rng) {
  const std::vector<std::string>& fragments = Fragments();
  std::uniform_int_distribution<int> count(0, 80);
  std::uniform_int_distribution<size_t> pick(0, fragments.size() - 1);
  std::string out;
  for (int n = count(rng); n > 0; --n) out += fragments[pick(rng)];
  return out;
}

void CheckBoth(const std::string& input) {
  SCOPED_TRACE(testing::Message() << "input size " << input.size());
  absl::StatusOr<Document> html = ParseHtml(input);
  // Absurdly deep HTML is refused up front (it would cost the parser
  // seconds); anything else parses with a sound map.
  if (!html.ok()) {
    ASSERT_EQ(html.status().code(), absl::StatusCode::kInvalidArgument);
    ASSERT_NE(html.status().message().find("nests elements"),
              absl::string_view::npos)
        << html.status();
  } else {
    ExpectSoundMap(input, *html);
  }
  absl::StatusOr<Document> markdown = ParseMarkdown(input);
  ASSERT_TRUE(markdown.ok()) << markdown.status();
  ExpectSoundMap(input, *markdown);
}

TEST(FormatsRobustnessTest, RandomBytes) {
  std::mt19937 rng(20240312);
  for (int n = 0; n < kInputsPerGenerator; ++n) {
    const std::string input = RandomBytes(rng);
    ASSERT_NO_FATAL_FAILURE(CheckBoth(input)) << "input #" << n;
  }
}

TEST(FormatsRobustnessTest, RandomMarkupFragments) {
  std::mt19937 rng(7);
  for (int n = 0; n < kInputsPerGenerator; ++n) {
    const std::string input = RandomFragments(rng);
    ASSERT_NO_FATAL_FAILURE(CheckBoth(input)) << "input #" << n;
  }
}

TEST(FormatsRobustnessTest, MutatedSamples) {
  const std::vector<std::string> seeds = {
      "<main><h1>Titel</h1><p>Et &amp; to<br>tre</p><ul><li>a<ul><li>b</li>"
      "</ul></li></ul><table><tr><td>c</td></tr></table></main>",
      "# Titel\n\nEt *to* [tre](/x \"y\") &amp; \\*\n\n- a\n  - b\n\n> c\n\n"
      "```\nkode\n```\n\n<div>\n<p>d</p>\n</div>\n",
  };
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  for (const std::string& seed : seeds) {
    for (int n = 0; n < 500; ++n) {
      std::string input = seed;
      std::uniform_int_distribution<int> edits(1, 6);
      for (int e = edits(rng); e > 0; --e) {
        std::uniform_int_distribution<size_t> at(0, input.size());
        const size_t pos = at(rng);
        switch (byte(rng) % 3) {
          case 0:
            input.insert(pos, 1, static_cast<char>(byte(rng)));
            break;
          case 1:
            if (pos < input.size()) input.erase(pos, 1);
            break;
          default:
            if (pos < input.size()) input[pos] = static_cast<char>(byte(rng));
            break;
        }
      }
      ASSERT_NO_FATAL_FAILURE(CheckBoth(input)) << "mutation #" << n;
    }
  }
}

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (int n = 0; n < times; ++n) out.append(piece);
  return out;
}

// Gumbo's tree building is quadratic in the depth of open elements (50000
// nested divs take seconds), so the nesting here is deep but bounded; the
// request size limit bounds it in production.
TEST(FormatsRobustnessTest, DeepNestingAndLongRuns) {
  for (const std::string& input : {
           Repeat("<div>", 8000) + "x",
           Repeat("<li><ul>", 4000) + "x",
           Repeat("<b>", 20000) + "x",
           Repeat("> ", 20000) + "x",
           Repeat("- ", 20000) + "x",
           Repeat("[", 50000) + "x",
           Repeat("*", 50000) + "x",
           Repeat("&amp;", 20000),
           Repeat("&#x41;&nbsp;", 10000),
           Repeat("a\\", 20000),
           Repeat("</x>", 20000) + "x",
       }) {
    ASSERT_NO_FATAL_FAILURE(CheckBoth(input)) << input.substr(0, 20);
  }
}

TEST(FormatsRobustnessTest, AllSingleBytesAndPairs) {
  for (int a = 0; a < 256; ++a) {
    ASSERT_NO_FATAL_FAILURE(CheckBoth(std::string(1, static_cast<char>(a))));
    for (const char* b : {"<", "&", "\\", "*", "\n", "x"}) {
      ASSERT_NO_FATAL_FAILURE(
          CheckBoth(std::string(1, static_cast<char>(a)) + b));
      ASSERT_NO_FATAL_FAILURE(
          CheckBoth(std::string(b) + std::string(1, static_cast<char>(a))));
    }
  }
}

}  // namespace
}  // namespace policyreader::text
