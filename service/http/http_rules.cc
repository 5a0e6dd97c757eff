// See http_rules.h.
#include "service/http/http_rules.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "service/text/utf8.h"
#include "service/text/whitespace.h"

namespace policyreader::http {
namespace {

constexpr double kMinRate = 0.5;
constexpr double kMaxRate = 3.0;

// FNV-1a, 64 bits: stable everywhere, unlike absl::Hash (seeded per process).
// Two passes from different offsets give 128 bits, enough that unrelated
// requests never share an ETag in practice.
uint64_t Fnv1a(absl::string_view bytes, uint64_t hash) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// Fields are length-prefixed so ("ab", "c") and ("a", "bc") differ.
void AppendField(std::string* out, absl::string_view field) {
  absl::StrAppend(out, field.size(), ":", field, ";");
}

}  // namespace

absl::string_view SpeechFormatName(SpeechFormat format) {
  switch (format) {
    case SpeechFormat::kWav:
      return "wav";
    case SpeechFormat::kMp3:
      return "mp3";
    case SpeechFormat::kOgg:
      return "ogg";
  }
  return "wav";
}

absl::string_view SpeechContentType(SpeechFormat format) {
  switch (format) {
    case SpeechFormat::kWav:
      return "audio/wav";
    case SpeechFormat::kMp3:
      return "audio/mpeg";
    case SpeechFormat::kOgg:
      return "audio/ogg";
  }
  return "application/octet-stream";
}

SpeechQueryResult ParseSpeechQuery(
    const std::multimap<std::string, std::string>& query,
    size_t max_text_bytes) {
  SpeechQueryResult result;
  auto fail = [&result](int status, std::string message) {
    result.error = {status, std::move(message)};
    return result;
  };
  for (const auto& [name, value] : query) {
    if (name != "text" && name != "voice" && name != "rate" &&
        name != "format") {
      return fail(400, absl::StrCat("unknown parameter '", name,
                                    "'; use text, voice, rate and format"));
    }
    if (query.count(name) > 1) {
      return fail(400, absl::StrCat("parameter '", name, "' given twice"));
    }
  }
  SpeechParams params;
  auto text = query.find("text");
  if (text == query.end()) return fail(400, "missing parameter 'text'");
  if (absl::Status utf8 = text::ValidateUtf8(text->second); !utf8.ok()) {
    return fail(400, std::string(utf8.message()));
  }
  params.text = text::CollapseWhitespace(text->second);
  if (params.text.empty()) return fail(400, "parameter 'text' is empty");
  if (params.text.size() > max_text_bytes) {
    return fail(413,
                absl::StrCat("text is ", params.text.size(), " bytes; at most ",
                             max_text_bytes, " are read here"));
  }
  if (auto voice = query.find("voice"); voice != query.end()) {
    params.voice = voice->second;
  }
  if (auto rate = query.find("rate"); rate != query.end()) {
    if (!absl::SimpleAtod(rate->second, &params.rate) ||
        !(params.rate >= kMinRate && params.rate <= kMaxRate)) {
      return fail(400, absl::StrCat("rate must be a number from 0.5 to 3, "
                                    "not '",
                                    rate->second, "'"));
    }
  }
  if (auto format = query.find("format"); format != query.end()) {
    const std::string name = absl::AsciiStrToLower(format->second);
    if (name == "wav") {
      params.format = SpeechFormat::kWav;
    } else if (name == "mp3") {
      params.format = SpeechFormat::kMp3;
    } else if (name == "ogg") {
      params.format = SpeechFormat::kOgg;
    } else {
      return fail(400, absl::StrCat("format must be wav, mp3 or ogg, not '",
                                    format->second, "'"));
    }
  }
  result.params = std::move(params);
  return result;
}

std::string SpeechEtag(const SpeechParams& params, int sample_rate_hz,
                       absl::string_view audio_version) {
  std::string key;
  AppendField(&key, audio_version);
  AppendField(&key, params.text);
  AppendField(&key, params.voice);
  // %.4f: rates that differ below what a listener can hear (or the service
  // distinguishes) share an entry; 1 and 1.0 are the same request.
  AppendField(&key, absl::StrFormat("%.4f", params.rate));
  AppendField(&key, SpeechFormatName(params.format));
  AppendField(&key, absl::StrCat(sample_rate_hz));
  return absl::StrFormat("\"%016x%016x\"", Fnv1a(key, 0xcbf29ce484222325ULL),
                         Fnv1a(key, 0x84222325cbf29ce4ULL));
}

namespace {

std::string Hex128(absl::string_view key) {
  return absl::StrFormat("%016x%016x", Fnv1a(key, 0xcbf29ce484222325ULL),
                         Fnv1a(key, 0x84222325cbf29ce4ULL));
}

// RFC 3986 unreserved characters pass; everything else is %XX.
std::string PercentEncode(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

}  // namespace

std::string SentenceAudioKey(const SentenceAudio& sentence,
                             absl::string_view voice, absl::string_view format,
                             absl::string_view audio_version) {
  std::string key;
  AppendField(&key, "sentence");
  AppendField(&key, audio_version);
  AppendField(&key, sentence.spoken_text);
  AppendField(&key, absl::StrCat(sentence.kind));
  AppendField(&key, sentence.continues ? "1" : "0");
  AppendField(&key, voice);
  AppendField(&key, format);
  return Hex128(key);
}

std::string DocumentAudioKey(const std::vector<std::string>& sentence_keys,
                             absl::string_view format) {
  std::string key;
  AppendField(&key, "document");
  AppendField(&key, format);
  for (const std::string& sentence : sentence_keys) {
    AppendField(&key, sentence);
  }
  return Hex128(key);
}

std::string SentenceWordsKey(absl::string_view audio_key,
                             absl::string_view text) {
  std::string key;
  AppendField(&key, "words");
  // Changes whenever MapWordTimings would tie words differently.
  AppendField(&key, "1");
  AppendField(&key, audio_key);
  AppendField(&key, text);
  return Hex128(key);
}

std::string SentenceAudioUrl(absl::string_view id, size_t index,
                             absl::string_view key) {
  return absl::StrCat("/v1/documents/", PercentEncode(id), "/sentences/", index,
                      "-", key, ".mp3");
}

std::string SentenceWordsUrl(absl::string_view id, size_t index,
                             absl::string_view key,
                             absl::string_view extension) {
  return absl::StrCat("/v1/documents/", PercentEncode(id), "/sentences/", index,
                      "-", key, ".", extension);
}

std::string DocumentAudioUrl(absl::string_view id, absl::string_view key) {
  return absl::StrCat("/v1/documents/", PercentEncode(id), "/audio-", key,
                      ".mp3");
}

bool IfNoneMatchHits(absl::string_view header, absl::string_view etag) {
  absl::string_view wanted = absl::StripPrefix(etag, "W/");
  for (absl::string_view tag : absl::StrSplit(header, ',')) {
    tag = absl::StripAsciiWhitespace(tag);
    if (tag == "*") return true;
    if (absl::StripPrefix(tag, "W/") == wanted) return true;
  }
  return false;
}

ByteRange ParseByteRange(absl::string_view header, size_t size) {
  ByteRange whole;
  header = absl::StripAsciiWhitespace(header);
  if (!absl::ConsumePrefix(&header, "bytes=")) return whole;
  if (header.find(',') != absl::string_view::npos) return whole;
  const size_t dash = header.find('-');
  if (dash == absl::string_view::npos) return whole;
  absl::string_view first_text =
      absl::StripAsciiWhitespace(header.substr(0, dash));
  absl::string_view last_text =
      absl::StripAsciiWhitespace(header.substr(dash + 1));
  auto digits = [](absl::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == s.npos;
  };
  ByteRange range;
  range.kind = ByteRange::Kind::kPartial;
  uint64_t first = 0, last = 0;
  if (first_text.empty()) {  // "-N": the last N bytes.
    if (!digits(last_text) || !absl::SimpleAtoi(last_text, &last)) return whole;
    if (last == 0 || size == 0) {
      range.kind = ByteRange::Kind::kUnsatisfiable;
      return range;
    }
    range.first = size - std::min<uint64_t>(last, size);
    range.last = size - 1;
    return range;
  }
  if (!digits(first_text) || !absl::SimpleAtoi(first_text, &first)) {
    return whole;
  }
  if (last_text.empty()) {
    last = UINT64_MAX;
  } else if (!digits(last_text) || !absl::SimpleAtoi(last_text, &last) ||
             last < first) {
    return whole;  // Invalid syntax (RFC 9110 14.1.1): ignored.
  }
  if (first >= size) {
    range.kind = ByteRange::Kind::kUnsatisfiable;
    return range;
  }
  range.first = first;
  range.last = std::min<uint64_t>(last, size - 1);
  return range;
}

std::vector<std::pair<std::string, std::string>> CorsHeaders(
    absl::string_view origin, const std::vector<std::string>& allowed,
    bool preflight) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (origin.empty()) return headers;
  bool listed = false;
  for (const std::string& entry : allowed) listed |= entry == origin;
  if (!listed) return headers;
  headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  if (preflight) {
    headers.emplace_back("Access-Control-Allow-Methods",
                         "GET, HEAD, POST, OPTIONS");
    headers.emplace_back("Access-Control-Allow-Headers",
                         "Content-Type, Range, If-None-Match");
    headers.emplace_back("Access-Control-Max-Age", "600");
  } else {
    // A player reads these to seek and to revalidate.
    headers.emplace_back("Access-Control-Expose-Headers",
                         "Content-Range, Content-Length, Accept-Ranges, ETag");
  }
  return headers;
}

std::vector<std::string> ParseOriginList(absl::string_view list) {
  std::vector<std::string> origins;
  for (absl::string_view origin : absl::StrSplit(list, ',')) {
    origin = absl::StripAsciiWhitespace(origin);
    while (absl::ConsumeSuffix(&origin, "/")) {
    }
    if (!origin.empty()) origins.emplace_back(origin);
  }
  return origins;
}

std::optional<std::filesystem::path> StaticFilePath(
    const std::filesystem::path& root, absl::string_view path) {
  if (path.empty() || path[0] != '/') return std::nullopt;
  if (path.find('\0') != path.npos || path.find('\\') != path.npos) {
    return std::nullopt;
  }
  std::string relative(path.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  for (absl::string_view segment : absl::StrSplit(relative, '/')) {
    if (segment == "..") return std::nullopt;
  }
  std::error_code error;
  const std::filesystem::path base = std::filesystem::canonical(root, error);
  if (error) return std::nullopt;
  // weakly_canonical resolves symlinks in the part that exists, so a link
  // inside the folder that points out of it is caught here.
  const std::filesystem::path file =
      std::filesystem::weakly_canonical(base / relative, error);
  if (error) return std::nullopt;
  auto [base_end, file_at] =
      std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (base_end != base.end() || file_at == file.end()) return std::nullopt;
  return file;
}

absl::string_view ContentTypeForFile(const std::filesystem::path& file) {
  static const auto* const kTypes =
      new std::map<std::string, absl::string_view, std::less<>>{
          {".html", "text/html; charset=utf-8"},
          {".htm", "text/html; charset=utf-8"},
          {".js", "text/javascript; charset=utf-8"},
          {".mjs", "text/javascript; charset=utf-8"},
          {".css", "text/css; charset=utf-8"},
          {".json", "application/json"},
          {".webmanifest", "application/manifest+json"},
          {".map", "application/json"},
          {".txt", "text/plain; charset=utf-8"},
          {".svg", "image/svg+xml"},
          {".png", "image/png"},
          {".jpg", "image/jpeg"},
          {".jpeg", "image/jpeg"},
          {".gif", "image/gif"},
          {".webp", "image/webp"},
          {".ico", "image/x-icon"},
          {".woff", "font/woff"},
          {".woff2", "font/woff2"},
          {".wasm", "application/wasm"},
          {".wav", "audio/wav"},
          {".mp3", "audio/mpeg"},
          {".ogg", "audio/ogg"},
      };
  const std::string extension =
      absl::AsciiStrToLower(file.extension().string());
  auto found = kTypes->find(extension);
  return found == kTypes->end() ? "application/octet-stream" : found->second;
}

absl::StatusOr<std::pair<std::string, int>> ParseListenAddress(
    absl::string_view address) {
  std::string host = "127.0.0.1";
  absl::string_view port_text = address;
  if (const size_t colon = address.rfind(':'); colon != address.npos) {
    host = std::string(address.substr(0, colon));
    port_text = address.substr(colon + 1);
    // "[::1]:8080": the brackets are URL syntax, not part of the address.
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
  }
  int port = 0;
  if (host.empty() || !absl::SimpleAtoi(port_text, &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("HTTP address '", address,
                     "' is not host:port (or a port for loopback)"));
  }
  return std::make_pair(host, port);
}

int HttpStatusFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kCancelled:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kUnimplemented:
      return 501;
    default:
      return 500;
  }
}

std::string JsonError(absl::string_view message) {
  // protobuf's JSON printer does the escaping (quotes, control characters;
  // a string that is not UTF-8 comes out empty).
  google::protobuf::Struct body;
  (*body.mutable_fields())["error"].set_string_value(std::string(message));
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(body, &out).ok()) {
    return R"({"error":"request failed"})";
  }
  return out;
}

}  // namespace policyreader::http
