// Table-driven tests of the HTTP gateway's pure decisions (http_rules.h).
#include "service/http/http_rules.h"

#include <unistd.h>

#include <fstream>

#include "gtest/gtest.h"

namespace policyreader::http {
namespace {

using Query = std::multimap<std::string, std::string>;

TEST(SpeechQuery, ValidatesEachParameter) {
  struct Case {
    Query query;
    int status;  // 0: accepted.
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {{{"text", "Hej."}}, 0, ""},
      {{{"text", "Hej."}, {"rate", "0.5"}, {"format", "MP3"}}, 0, ""},
      {{{"text", "Hej."}, {"rate", "3"}, {"voice", "telefon"}}, 0, ""},
      {{}, 400, "missing parameter 'text'"},
      {{{"text", "  \n "}}, 400, "empty"},
      {{{"text", "Hej."}, {"rate", "0.49"}}, 400, "0.5 to 3"},
      {{{"text", "Hej."}, {"rate", "3.01"}}, 400, "0.5 to 3"},
      {{{"text", "Hej."}, {"rate", "fast"}}, 400, "'fast'"},
      {{{"text", "Hej."}, {"rate", "nan"}}, 400, "0.5 to 3"},
      {{{"text", "Hej."}, {"format", "flac"}}, 400, "wav, mp3 or ogg"},
      {{{"text", "Hej."}, {"speed", "2"}}, 400, "unknown parameter 'speed'"},
      {{{"text", "a"}, {"text", "b"}}, 400, "given twice"},
      {{{"text", "bad \xff byte"}}, 400, "UTF-8"},
      {{{"text", std::string(11, 'a')}}, 413, "at most 10"},
  };
  for (const Case& c : cases) {
    SpeechQueryResult result = ParseSpeechQuery(c.query, 10);
    if (c.status == 0) {
      EXPECT_TRUE(result.params.has_value()) << result.error.message;
    } else {
      ASSERT_FALSE(result.params.has_value());
      EXPECT_EQ(result.error.status, c.status) << result.error.message;
      EXPECT_NE(result.error.message.find(c.message_part), std::string::npos)
          << result.error.message;
    }
  }
}

TEST(SpeechQuery, NormalizesTextAndReadsValues) {
  SpeechQueryResult result = ParseSpeechQuery(
      {{"text", "  Hej \t med\n\ndig. "}, {"rate", "1.5"}, {"format", "ogg"}},
      100);
  ASSERT_TRUE(result.params.has_value());
  EXPECT_EQ(result.params->text, "Hej med dig.");
  EXPECT_DOUBLE_EQ(result.params->rate, 1.5);
  EXPECT_EQ(result.params->format, SpeechFormat::kOgg);
  // The cap counts the normalized text: padding does not make it too long.
  EXPECT_TRUE(ParseSpeechQuery({{"text", "   abc   "}}, 3).params.has_value());
  // A no-break space from a web page is read as a space, so it is one: the
  // same text, ETag and cache entry as with an ASCII space.
  SpeechQueryResult no_break =
      ParseSpeechQuery({{"text", "kr.\u00A0100\u00A0"}}, 100);
  ASSERT_TRUE(no_break.params.has_value());
  EXPECT_EQ(no_break.params->text, "kr. 100");
}

TEST(SpeechEtag, ChangesWithEverythingThatChangesTheAudio) {
  SpeechParams base{"Hej.", "", 1.0, SpeechFormat::kWav};
  const std::string etag = SpeechEtag(base, 22050, "1");
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(etag.size(), 34u);
  // Stable across processes and builds: a fixed value.
  EXPECT_EQ(etag, SpeechEtag(base, 22050, "1"));
  SpeechParams same = base;
  same.rate = 1.00001;
  EXPECT_EQ(SpeechEtag(same, 22050, "1"), etag);

  std::vector<std::string> others;
  SpeechParams p = base;
  p.text = "Hej!";
  others.push_back(SpeechEtag(p, 22050, "1"));
  p = base;
  p.voice = "telefon";
  others.push_back(SpeechEtag(p, 22050, "1"));
  p = base;
  p.rate = 1.5;
  others.push_back(SpeechEtag(p, 22050, "1"));
  p = base;
  p.format = SpeechFormat::kMp3;
  others.push_back(SpeechEtag(p, 22050, "1"));
  others.push_back(SpeechEtag(base, 16000, "1"));
  others.push_back(SpeechEtag(base, 22050, "2"));
  // Length prefixes: moving a byte between fields changes the key.
  SpeechParams a{"ab", "c", 1.0, SpeechFormat::kWav};
  SpeechParams b{"a", "bc", 1.0, SpeechFormat::kWav};
  EXPECT_NE(SpeechEtag(a, 22050, "1"), SpeechEtag(b, 22050, "1"));
  for (size_t i = 0; i < others.size(); ++i) {
    EXPECT_NE(others[i], etag) << i;
    for (size_t j = i + 1; j < others.size(); ++j) {
      EXPECT_NE(others[i], others[j]) << i << " " << j;
    }
  }
}

TEST(IfNoneMatch, WeakComparisonListsAndStar) {
  const std::string etag = "\"abc\"";
  struct Case {
    std::string header;
    bool hits;
  };
  for (const Case& c : std::vector<Case>{{"\"abc\"", true},
                                         {"W/\"abc\"", true},
                                         {"\"x\", \"abc\"", true},
                                         {"*", true},
                                         {"", false},
                                         {"\"abcd\"", false},
                                         {"abc", false}}) {
    EXPECT_EQ(IfNoneMatchHits(c.header, etag), c.hits) << c.header;
  }
}

TEST(ByteRange, SingleRangesOnly) {
  using K = ByteRange::Kind;
  struct Case {
    std::string header;
    size_t size;
    K kind;
    size_t first, last;
  };
  const std::vector<Case> cases = {
      {"", 100, K::kWhole, 0, 0},
      {"bytes=0-9", 100, K::kPartial, 0, 9},
      {"bytes=10-", 100, K::kPartial, 10, 99},
      {"bytes=90-1000", 100, K::kPartial, 90, 99},  // Clamped to the end.
      {"bytes=-10", 100, K::kPartial, 90, 99},
      {"bytes=-1000", 100, K::kPartial, 0, 99},
      {"bytes=99-99", 100, K::kPartial, 99, 99},
      {"bytes=100-", 100, K::kUnsatisfiable, 0, 0},
      {"bytes=100-200", 100, K::kUnsatisfiable, 0, 0},
      {"bytes=-0", 100, K::kUnsatisfiable, 0, 0},
      {"bytes=0-", 0, K::kUnsatisfiable, 0, 0},
      {"bytes=5-1", 100, K::kWhole, 0, 0},      // Invalid: ignored.
      {"bytes=0-1,5-6", 100, K::kWhole, 0, 0},  // Several: ignored.
      {"items=0-1", 100, K::kWhole, 0, 0},
      {"bytes=a-b", 100, K::kWhole, 0, 0},
      {"bytes=-", 100, K::kWhole, 0, 0},
      {"bytes=+1-2", 100, K::kWhole, 0, 0},
  };
  for (const Case& c : cases) {
    const ByteRange range = ParseByteRange(c.header, c.size);
    EXPECT_EQ(range.kind, c.kind) << c.header;
    if (c.kind == K::kPartial) {
      EXPECT_EQ(range.first, c.first) << c.header;
      EXPECT_EQ(range.last, c.last) << c.header;
    }
  }
}

TEST(Cors, OnlyListedOriginsGetHeaders) {
  const std::vector<std::string> allowed = {"https://kommune.dk",
                                            "http://localhost:8000"};
  struct Case {
    std::string origin;
    bool preflight;
    bool allowed;
  };
  for (const Case& c :
       std::vector<Case>{{"https://kommune.dk", false, true},
                         {"https://kommune.dk", true, true},
                         {"http://localhost:8000", false, true},
                         {"https://kommune.dk.evil.example", false, false},
                         {"http://kommune.dk", false, false},
                         {"https://KOMMUNE.dk", false, false},
                         {"null", false, false},
                         {"", false, false}}) {
    auto headers = CorsHeaders(c.origin, allowed, c.preflight);
    if (!c.allowed) {
      EXPECT_TRUE(headers.empty()) << c.origin;
      continue;
    }
    ASSERT_FALSE(headers.empty()) << c.origin;
    std::map<std::string, std::string> by_name(headers.begin(), headers.end());
    EXPECT_EQ(by_name["Access-Control-Allow-Origin"], c.origin);
    if (c.preflight) {
      EXPECT_NE(by_name["Access-Control-Allow-Headers"].find("Range"),
                std::string::npos);
      EXPECT_NE(by_name["Access-Control-Allow-Methods"].find("POST"),
                std::string::npos);
    } else {
      EXPECT_NE(by_name["Access-Control-Expose-Headers"].find("Content-Range"),
                std::string::npos);
      EXPECT_NE(by_name["Access-Control-Expose-Headers"].find("ETag"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(CorsHeaders("https://kommune.dk", {}, false).empty());
}

TEST(Cors, OriginList) {
  EXPECT_EQ(ParseOriginList(" https://a.dk/, http://b.dk:8080 ,,"),
            (std::vector<std::string>{"https://a.dk", "http://b.dk:8080"}));
  EXPECT_TRUE(ParseOriginList("").empty());
}

TEST(StaticFiles, StayInsideTheFolder) {
  char pattern[] = "/tmp/http_rules_test.XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::filesystem::path root = std::filesystem::canonical(pattern);
  std::filesystem::create_directories(root / "web" / "js");
  std::ofstream(root / "secret.txt") << "secret";
  std::ofstream(root / "web" / "index.html") << "<p>";
  std::filesystem::create_symlink(root / "secret.txt", root / "web" / "link");
  const std::filesystem::path web = root / "web";
  struct Case {
    std::string path;
    std::string expected;  // Relative to web; empty: refused.
  };
  for (const Case& c :
       std::vector<Case>{{"/", "index.html"},
                         {"/index.html", "index.html"},
                         {"/js/", "js/index.html"},
                         {"/js/app.js", "js/app.js"},
                         {"/../secret.txt", ""},
                         {"/js/../../secret.txt", ""},
                         {"/..", ""},
                         {"/link", ""},  // A symlink out of the folder.
                         {"/a\\..\\..\\secret.txt", ""},
                         {std::string("/index.html\0.png", 16), ""},
                         {"relative", ""},
                         {"", ""}}) {
    std::optional<std::filesystem::path> file = StaticFilePath(web, c.path);
    if (c.expected.empty()) {
      EXPECT_FALSE(file.has_value()) << c.path << " -> " << file->string();
    } else {
      ASSERT_TRUE(file.has_value()) << c.path;
      EXPECT_EQ(*file, web / c.expected) << c.path;
    }
  }
  std::filesystem::remove_all(root);
}

TEST(StaticFiles, ContentTypes) {
  EXPECT_EQ(ContentTypeForFile("a/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeForFile("widget.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeForFile("s.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeForFile("i.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeForFile("x.wasm"), "application/wasm");
  EXPECT_EQ(ContentTypeForFile("noext"), "application/octet-stream");
}

TEST(ListenAddress, HostPortOrPort) {
  EXPECT_EQ(*ParseListenAddress("127.0.0.1:8080"),
            std::make_pair(std::string("127.0.0.1"), 8080));
  EXPECT_EQ(*ParseListenAddress("8080"),
            std::make_pair(std::string("127.0.0.1"), 8080));
  EXPECT_EQ(*ParseListenAddress("[::1]:0"),
            std::make_pair(std::string("::1"), 0));
  for (const char* bad : {"", "host:", ":80", "a:b", "1.2.3.4:70000", "x"}) {
    EXPECT_FALSE(ParseListenAddress(bad).ok()) << bad;
  }
}

TEST(Errors, StatusMappingAndJson) {
  EXPECT_EQ(HttpStatusFor(absl::InvalidArgumentError("x")), 400);
  EXPECT_EQ(HttpStatusFor(absl::NotFoundError("x")), 404);
  EXPECT_EQ(HttpStatusFor(absl::ResourceExhaustedError("x")), 429);
  EXPECT_EQ(HttpStatusFor(absl::UnavailableError("x")), 503);
  EXPECT_EQ(HttpStatusFor(absl::DeadlineExceededError("x")), 504);
  EXPECT_EQ(HttpStatusFor(absl::InternalError("x")), 500);
  EXPECT_EQ(JsonError("a \"b\" \\ \n\x01 æ"),
            "{\"error\":\"a \\\"b\\\" \\\\ \\n\\u0001 æ\"}");
  // Not UTF-8 (never from the server): still valid JSON.
  EXPECT_EQ(JsonError("\xff"), "{\"error\":\"\"}");
}

}  // namespace
}  // namespace policyreader::http
