// The HTTP gateway's decisions that need no socket: speech query validation,
// the content-addressed ETag, If-None-Match, single byte ranges, CORS, the
// static folder's paths and content types, and absl::Status to HTTP status.
// Kept apart from http_gateway.cc so they are unit-tested table by table.
//
// Thread-safety: pure functions and plain values; safe from any thread.
#ifndef POLICY_READER_SERVICE_HTTP_HTTP_RULES_H_
#define POLICY_READER_SERVICE_HTTP_HTTP_RULES_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace policyreader::http {

// The audio container /v1/speech answers with.
enum class SpeechFormat { kWav, kMp3, kOgg };

absl::string_view SpeechFormatName(SpeechFormat format);
absl::string_view SpeechContentType(SpeechFormat format);

// What determines the audio of one /v1/speech response. Two requests with
// equal SpeechParams (and sample rate and audio version) get the same bytes.
struct SpeechParams {
  // Whitespace runs, no-break spaces included, collapsed to one space and
  // trimmed (text::CollapseWhitespace), so "a  b" and "a b" share one ETag
  // and one cache entry; this is also the text synthesized.
  std::string text;
  std::string voice;  // Empty: the server's default voice.
  double rate = 1.0;  // Speaking rate, 0.5 to 3.
  SpeechFormat format = SpeechFormat::kWav;
};

// A request the gateway refuses, with the HTTP status to send.
struct HttpError {
  int status = 400;
  std::string message;
};

// The query parameters of GET /v1/speech, validated: text (required, valid
// UTF-8, at most max_text_bytes after normalization, else 413), voice,
// rate (0.5 to 3, default 1) and format (wav, mp3, ogg; default wav).
// Unknown parameters are refused, so a typo ("speed=") is not silently
// ignored.
struct SpeechQueryResult {
  std::optional<SpeechParams> params;
  HttpError error;  // Meaningful when !params.
};
SpeechQueryResult ParseSpeechQuery(
    const std::multimap<std::string, std::string>& query,
    size_t max_text_bytes);

// A strong ETag (quoted) over everything that determines the audio, known
// before synthesis so a revalidation costs no synthesis. `audio_version`
// changes whenever the same request could sound different (voices, rules,
// engine). Stable across processes and builds (no seeded hashing).
std::string SpeechEtag(const SpeechParams& params, int sample_rate_hz,
                       absl::string_view audio_version);

// The content address of one library sentence's audio (32 hex digits, no
// quotes): everything that determines its sound (the spoken text, its kind,
// a clause cut, the voice, the format, the audio version), nothing of where
// it sits, so a sentence keeps its URL when others around it change and a
// changed sentence gets a new one.
struct SentenceAudio {
  absl::string_view spoken_text;
  int kind = 0;  // v1::SentenceKind.
  bool continues = false;
};
std::string SentenceAudioKey(const SentenceAudio& sentence,
                             absl::string_view voice, absl::string_view format,
                             absl::string_view audio_version);
// The content address of a whole document's audio: its sentences' keys in
// order (SentenceAudioKey), and the format.
std::string DocumentAudioKey(const std::vector<std::string>& sentence_keys,
                             absl::string_view format);
// The content address of one sentence's word timings (word_timings.h):
// its audio's key, the text as written (the words are tied to it) and the
// version of the mapping.
std::string SentenceWordsKey(absl::string_view audio_key,
                             absl::string_view text);

// The URLs of a library document's audio (the gateway's routes): one
// sentence, content-addressed, and the whole document, content-addressed.
// `id` is used as given (library ids are file names: letters, digits, '-',
// '_'), percent-encoded where it has to be.
std::string SentenceAudioUrl(absl::string_view id, size_t index,
                             absl::string_view key);
std::string DocumentAudioUrl(absl::string_view id, absl::string_view key);
// The sentence's word timings: `extension` "json" or "vtt".
std::string SentenceWordsUrl(absl::string_view id, size_t index,
                             absl::string_view key,
                             absl::string_view extension);

// True when an If-None-Match header value lists `etag` (weak comparison, as
// RFC 9110 13.1.2 requires for If-None-Match) or is "*".
bool IfNoneMatchHits(absl::string_view header, absl::string_view etag);

// A Range header against a representation of `size` bytes. Only a single
// "bytes=" range is honoured; anything else (several ranges, other units,
// syntax errors) is ignored and the whole body sent, as RFC 9110 14.2
// permits.
struct ByteRange {
  enum class Kind { kWhole, kPartial, kUnsatisfiable };
  Kind kind = Kind::kWhole;
  size_t first = 0;  // kPartial: first and last byte, inclusive.
  size_t last = 0;
};
ByteRange ParseByteRange(absl::string_view header, size_t size);

// The CORS headers for a request from `origin` (empty: not a cross-origin
// request). Only origins on `allowed` (exact match, e.g.
// "https://kommune.dk") get any; `preflight` adds the method, header and
// max-age answers for an OPTIONS preflight.
std::vector<std::pair<std::string, std::string>> CorsHeaders(
    absl::string_view origin, const std::vector<std::string>& allowed,
    bool preflight);

// "a.dk, https://b.dk" -> {"a.dk", "https://b.dk"}; trailing slashes dropped
// (an Origin header never has one).
std::vector<std::string> ParseOriginList(absl::string_view list);

// The file under `root` that URL path `path` (already percent-decoded) names:
// "/" and paths ending in "/" mean index.html. nullopt for anything that
// could leave `root`: "..", NUL, backslashes, or a symlink pointing out.
// Does not check that the file exists.
std::optional<std::filesystem::path> StaticFilePath(
    const std::filesystem::path& root, absl::string_view path);

absl::string_view ContentTypeForFile(const std::filesystem::path& file);

// "host:port", or "port" alone for loopback (127.0.0.1).
absl::StatusOr<std::pair<std::string, int>> ParseListenAddress(
    absl::string_view address);

// The HTTP status for a failed call to the service.
int HttpStatusFor(const absl::Status& status);

// {"error": message} as JSON, escaped.
std::string JsonError(absl::string_view message);

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_HTTP_RULES_H_
