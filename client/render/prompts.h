// Prompt files for telephone systems (Asterisk, FreeSWITCH): the formats they
// play natively, which prompt files a segmented policy becomes, what they are
// called, the key that says whether a file on disk still holds the right
// audio, and which prompts a run must synthesize, keep or remove. Everything
// here is pure, so the incremental logic is tested without a server.
//
// Layout under the output folder (names sort in reading order; numbers are
// 0-based as in `segment` and zero-padded to at least 4 digits, more when a
// source has more sentences or paragraphs):
//   --split sentence   <id>/<id>-s0007.<ext>   one sentence
//   --split paragraph  <id>/<id>-p0003.<ext>   one paragraph (heading, list
//                                              item or paragraph of text)
//   --split document   <id>.<ext>              the whole source
//   manifest.json                              what each file holds
// <id> is the file name without extension (or the library document id, or
// "tekst" for --text), with æ ø å spelled ae oe aa and anything but ASCII
// letters, digits, '-' and '_' replaced by '-', so dialplans need no quoting.
//
// Thread-safety: pure functions and plain values; safe from any thread.
#ifndef POLICY_READER_CLIENT_RENDER_PROMPTS_H_
#define POLICY_READER_CLIENT_RENDER_PROMPTS_H_

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "policyreader/v1/policy_reader.pb.h"

namespace policyreader::render {

// What a prompt file holds. The server is asked for exactly this encoding
// and rate, so the client never converts audio.
struct PromptFormat {
  std::string name;       // As in the manifest: alaw, ulaw, sln, sln16,
                          // wav-alaw, wav-ulaw, wav-pcm.
  std::string extension;  // Without the dot.
  v1::AudioEncoding encoding = v1::ALAW;
  uint32_t sample_rate_hz = 8000;
  bool wav = false;  // RIFF/WAVE header; otherwise the bare samples.
};

// `format` is alaw, ulaw (or mulaw), sln, sln16 or wav; `wav_encoding`
// (pcm, alaw or ulaw) only matters for wav. It defaults to pcm although the
// Danish network is A-law: Asterisk's format_wav plays only 16-bit PCM WAV
// (8 or 16 kHz) and refuses G.711 WAVs, while FreeSWITCH (libsndfile) plays
// all three; for A-law without conversion use the raw alaw format.
// INVALID_ARGUMENT (Danish) otherwise.
absl::StatusOr<PromptFormat> ParsePromptFormat(std::string_view format,
                                               std::string_view wav_encoding);

enum class Split { kSentence, kParagraph, kDocument };
absl::StatusOr<Split> ParseSplit(std::string_view name);
std::string_view SplitName(Split split);

// One sentence of a source as Segment or GetDocument returned it.
struct SourceSentence {
  uint32_t index = 0;
  std::string text;
  std::string spoken_text;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t paragraph = 0;
  v1::SentenceKind kind = v1::SENTENCE_KIND_UNSPECIFIED;
  bool continues = false;
};
SourceSentence FromProto(const v1::Sentence& sentence);

// A file, a library document or --text, segmented.
struct Source {
  std::string id;      // SourceId(): the folder and file name prefix.
  std::string origin;  // What the user named: a path, "doc:ID" or "--text".
  std::vector<SourceSentence> sentences;
};

// The id a source's prompts are named by (see the layout above).
std::string SourceId(std::string_view name);

// Everything besides the spoken text that decides what a prompt sounds like.
struct KeyParams {
  std::string voice;
  double speaking_rate = 1.0;
  std::string format;  // PromptFormat::name.
  uint32_t sample_rate_hz = 0;
  Split split = Split::kSentence;
};

// Bumped when the client changes how prompts are cut or written, so old
// prompts are rendered again.
inline constexpr int kPromptFormatVersion = 1;

// 64-bit FNV-1a (offset basis 14695981039346656037, prime 1099511628211).
uint64_t Fnv1a64(std::string_view data,
                 uint64_t state = 14695981039346656037ULL);

// The prompt's key, 16 lowercase hex digits: FNV-1a 64 over
// "policy-reader-render/<kPromptFormatVersion>" followed by each field as
// "<decimal byte length>:<bytes>" (so no two field lists hash the same
// input): voice, speaking rate ("%.3f"), format name, sample rate, split
// name, then per sentence its spoken text, kind number and continues (0/1).
// Not cryptographic: it detects change, it does not resist forgery.
std::string PromptKey(const KeyParams& params,
                      const std::vector<const SourceSentence*>& sentences);

// One prompt file: what the run wants on disk and, once known, what it has.
struct Prompt {
  std::string file;    // Relative to the output folder, '/'-separated.
  std::string id;      // Source::id.
  std::string source;  // Source::origin.
  std::string text;    // As written; sentences joined by a space, paragraphs
                       // by a blank line.
  std::string spoken_text;  // What the engine said, joined the same way.
  uint32_t begin = 0;       // Byte offsets in the source text: [begin, end).
  uint32_t end = 0;
  uint32_t first_sentence = 0;  // Inclusive.
  uint32_t last_sentence = 0;   // Inclusive.
  std::string format;           // PromptFormat::name.
  std::string key;              // PromptKey().
  uint64_t duration_ms = 0;     // From the audio bytes written.
  uint64_t bytes = 0;           // File size, header included.

  bool operator==(const Prompt&) const = default;
};

// The prompts `source` becomes, in reading order, with names and keys (no
// duration or size yet). A source without sentences gives none.
std::vector<Prompt> GroupPrompts(const Source& source,
                                 const PromptFormat& format, Split split,
                                 const KeyParams& params);

// What a run does, given what the last run left (`old`, from the manifest)
// and what this run wants (`wanted`).
struct RenderPlan {
  std::vector<size_t> synthesize;  // Indices into `wanted`.
  // Indices into `wanted`, each with the old prompt it keeps (same file,
  // same key, file present with the recorded size).
  std::vector<std::pair<size_t, size_t>> unchanged;
  // Old prompts (indices into `old`) whose files go: not wanted any more,
  // from a source named in this run (`ids_in_run`), or from any source with
  // `prune`.
  std::vector<size_t> remove;
  // Old prompts kept as they are: from sources not in this run.
  std::vector<size_t> keep;
};
// `file_size` returns a file's size, or -1 if it is missing. With `force`
// every wanted prompt is synthesized.
RenderPlan PlanRender(
    const std::vector<Prompt>& old, const std::vector<Prompt>& wanted,
    const std::set<std::string>& ids_in_run, bool prune, bool force,
    const std::function<int64_t(const std::string&)>& file_size);

}  // namespace policyreader::render

#endif  // POLICY_READER_CLIENT_RENDER_PROMPTS_H_
