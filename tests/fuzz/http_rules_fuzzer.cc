// Fuzzes the HTTP gateway's request rules (service/http/http_rules): the
// query of /v1/speech, Range and If-None-Match headers, static file paths,
// origins and listen addresses, all of which come from the network or the
// command line. Beyond not crashing (ASan and UBSan are on): a range lies
// inside the body, a static path stays inside its folder, an accepted
// speech query holds valid UTF-8 within the limit and a rate in range, and a
// refusal has a status and a message.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_split.h"
#include "service/http/http_rules.h"
#include "service/text/utf8.h"

namespace {

namespace http = policyreader::http;

constexpr size_t kMaxText = 256;

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "invariant broken: %s\n", what);
    abort();
  }
}

void FuzzSpeechQuery(const std::vector<std::string>& fields) {
  std::multimap<std::string, std::string> query;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    query.emplace(fields[i], fields[i + 1]);
  }
  const http::SpeechQueryResult result =
      http::ParseSpeechQuery(query, kMaxText);
  if (!result.params) {
    Check(result.error.status >= 400 && result.error.status < 500,
          "a refused query is a 4xx");
    Check(!result.error.message.empty(), "a refusal says why");
    return;
  }
  Check(policyreader::text::ValidateUtf8(result.params->text).ok(),
        "an accepted text is valid UTF-8");
  Check(!result.params->text.empty() && result.params->text.size() <= kMaxText,
        "an accepted text is within the limit");
  Check(result.params->rate >= 0.5 && result.params->rate <= 3.0,
        "an accepted rate is in range");
  // The ETag is known for anything accepted.
  Check(!http::SpeechEtag(*result.params, 22050, "3").empty(),
        "an accepted query has an ETag");
}

void FuzzRange(absl::string_view header, size_t size) {
  const http::ByteRange range = http::ParseByteRange(header, size);
  if (range.kind == http::ByteRange::Kind::kPartial) {
    Check(range.first <= range.last && range.last < size,
          "a partial range lies inside the body");
  }
}

void FuzzStaticPath(absl::string_view path) {
  const std::filesystem::path root = "/srv/policy-reader/web";
  const std::optional<std::filesystem::path> file =
      http::StaticFilePath(root, path);
  if (!file) return;
  const std::filesystem::path normal = file->lexically_normal();
  const std::string inside = root.string() + "/";
  Check(normal.string().rfind(inside, 0) == 0,
        "a static file is inside its folder");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // Debian's Abseil has its own string_view type.
  const absl::string_view input(reinterpret_cast<const char*>(data) + 1,
                                size - 1);
  // NUL separates fields (names and values of a query, or a header).
  const std::vector<std::string> fields = absl::StrSplit(input, '\0');
  switch (data[0] % 6) {
    case 0:
      FuzzSpeechQuery(fields);
      break;
    case 1:
      FuzzRange(input, fields.size() * 97);
      FuzzRange(input, 0);
      break;
    case 2:
      FuzzStaticPath(input);
      break;
    case 3:
      // Any header, against an ETag and against none.
      http::IfNoneMatchHits(input, "\"abc\"");
      http::IfNoneMatchHits(input, "");
      break;
    case 4: {
      const std::vector<std::string> origins = http::ParseOriginList(input);
      for (const std::string& origin : origins) {
        Check(!origin.empty() && origin.back() != '/',
              "an origin is not empty and has no trailing slash");
      }
      http::CorsHeaders(fields.empty() ? "" : fields[0], origins, data[0] & 8);
      break;
    }
    case 5: {
      const auto address = http::ParseListenAddress(input);
      if (address.ok()) {
        Check(address->second >= 0 && address->second <= 65535,
              "a listen port is a port");
      }
      break;
    }
  }
  return 0;
}
