// BookBuilder; see book_builder.h.
#include "client/book/book_builder.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "client/render/manifest.h"
#include "client/render/prompts.h"
#include "client/rpc/speech_stream.h"
#include "service/audio/encoder.h"
#include "service/audio/mp3_encoder.h"

namespace policyreader::book {
namespace {

namespace fs = std::filesystem;

constexpr int kSampleRateHz = 22050;
// Two MPEG-2 frames.
constexpr size_t kTailSilenceSamples = 2 * 576;
constexpr char kCacheMagic[] = "policy-reader-book";

void AddField(std::string_view field, uint64_t* state) {
  *state = render::Fnv1a64(absl::StrCat(field.size(), ":"), *state);
  *state = render::Fnv1a64(field, *state);
}

// FNV-1a 64 over the format version, the voice settings and, per sentence,
// what the engine is given (spoken text, kind, clause cut): the things that
// decide the audio and its timings. The written text is not in it: it is
// taken fresh from the server on every run.
std::string BookKey(const BookOptions& options,
                    const std::vector<v1::Sentence>& sentences) {
  uint64_t state = render::Fnv1a64(
      absl::StrCat(kCacheMagic, "/", kBookFormatVersion, "/", kSampleRateHz));
  AddField(options.voice, &state);
  AddField(absl::StrFormat(
               "%.3f", options.speaking_rate > 0 ? options.speaking_rate : 1.0),
           &state);
  AddField(absl::StrFormat("%.3f", options.pitch), &state);
  AddField(absl::StrFormat("%.3f", options.volume_db), &state);
  for (const v1::Sentence& s : sentences) {
    AddField(s.spoken_text(), &state);
    AddField(absl::StrCat(static_cast<int>(s.kind()), s.continues() ? 1 : 0),
             &state);
  }
  return absl::StrFormat("%016x", state);
}

// The cache entry of a source: "<cache>/<doc|file>-<id>.{mp3,tsv}".
std::string CachePath(const BookOptions& options, const rpc::TextSource& source,
                      const TalkingBook& book, const char* extension) {
  return (fs::path(options.cache_dir) /
          absl::StrCat(source.document_id.empty() ? "file-" : "doc-", book.id,
                       extension))
      .string();
}

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(bytes).str();
}

// The timings file: a first line "policy-reader-book TAB version TAB key TAB
// modified (Unix seconds) TAB sample rate TAB lead-in samples TAB MP3
// bytes", then per sentence "index TAB begin sample TAB end sample".
std::string TimingsText(const TalkingBook& book) {
  std::string out =
      absl::StrCat(kCacheMagic, "\t", kBookFormatVersion, "\t", book.key, "\t",
                   book.modified, "\t", book.sample_rate_hz, "\t",
                   book.lead_in_samples, "\t", book.mp3.size(), "\n");
  for (const BookSentence& s : book.sentences) {
    absl::StrAppend(&out, s.index, "\t", s.begin_sample, "\t", s.end_sample,
                    "\n");
  }
  return out;
}

// Fills `book` from the cache if the entry is whole and has its key.
bool LoadCached(const std::string& timings_path, const std::string& mp3_path,
                TalkingBook* book) {
  std::optional<std::string> timings = ReadWhole(timings_path);
  if (!timings) return false;
  std::vector<absl::string_view> lines =
      absl::StrSplit(*timings, '\n', absl::SkipEmpty());
  if (lines.size() != book->sentences.size() + 1) return false;
  std::vector<absl::string_view> head = absl::StrSplit(lines[0], '\t');
  int64_t modified = 0;
  uint64_t lead_in = 0, mp3_bytes = 0;
  int rate = 0;
  if (head.size() != 7 || head[0] != kCacheMagic ||
      head[1] != absl::StrCat(kBookFormatVersion) || head[2] != book->key ||
      !absl::SimpleAtoi(head[3], &modified) ||
      !absl::SimpleAtoi(head[4], &rate) ||
      !absl::SimpleAtoi(head[5], &lead_in) ||
      !absl::SimpleAtoi(head[6], &mp3_bytes)) {
    return false;
  }
  std::vector<BookSentence> sentences = book->sentences;
  for (size_t i = 0; i < sentences.size(); ++i) {
    std::vector<absl::string_view> f = absl::StrSplit(lines[i + 1], '\t');
    uint32_t index = 0;
    if (f.size() != 3 || !absl::SimpleAtoi(f[0], &index) ||
        index != sentences[i].index ||
        !absl::SimpleAtoi(f[1], &sentences[i].begin_sample) ||
        !absl::SimpleAtoi(f[2], &sentences[i].end_sample)) {
      return false;
    }
  }
  std::optional<std::string> mp3 = ReadWhole(mp3_path);
  if (!mp3 || mp3->size() != mp3_bytes) return false;
  book->sentences = std::move(sentences);
  book->mp3 = *std::move(mp3);
  book->modified = static_cast<std::time_t>(modified);
  book->sample_rate_hz = rate;
  book->lead_in_samples = lead_in;
  return true;
}

}  // namespace

std::string DefaultBookCacheDir() {
  if (const char* cache = std::getenv("XDG_CACHE_HOME");
      cache != nullptr && *cache != '\0') {
    return (fs::path(cache) / "policy-reader" / "books").string();
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home) {
    return (fs::path(home) / ".cache" / "policy-reader" / "books").string();
  }
  return "";
}

BookBuilder::BookBuilder(v1::PolicyReader::StubInterface* stub,
                         BookOptions options, rpc::CallOptions unary,
                         rpc::CallOptions stream)
    : stub_(stub),
      options_(std::move(options)),
      unary_(unary),
      stream_(stream) {}

absl::StatusOr<TalkingBook> BookBuilder::Prepare(
    const rpc::TextSource& source) const {
  TalkingBook book;
  book.voice = options_.voice;
  std::vector<v1::Sentence> sentences;
  if (!source.document_id.empty()) {
    absl::StatusOr<v1::Document> document = rpc::GetReadableDocument(
        stub_, source.document_id, /*include_sentences=*/true, unary_);
    if (!document.ok()) return document.status();
    book.id = render::SourceId(source.document_id);
    book.title = document->title();
    book.page_labels.assign(document->page_labels().begin(),
                            document->page_labels().end());
    sentences.assign(document->sentences().begin(),
                     document->sentences().end());
  } else {
    v1::SegmentRequest request;
    request.set_text(source.text);
    request.set_format(source.format);
    absl::StatusOr<v1::SegmentResponse> response =
        rpc::Segment(stub_, request, unary_);
    if (!response.ok()) return response.status();
    book.id = render::SourceId(source.title.empty() ? "tekst" : source.title);
    book.title = source.title;
    sentences.assign(response->sentences().begin(),
                     response->sentences().end());
    for (const v1::Sentence& s : sentences) {
      if (s.kind() == v1::SENTENCE_KIND_HEADING) {
        book.title = s.text();
        break;
      }
    }
  }
  if (sentences.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        source.document_id.empty() ? source.title : source.document_id,
        " har intet at læse op"));
  }
  if (book.title.empty()) book.title = book.id;
  for (const v1::Sentence& s : sentences) {
    book.sentences.push_back({.index = s.index(),
                              .text = s.text(),
                              .spoken_text = s.spoken_text(),
                              .kind = s.kind(),
                              .paragraph = s.paragraph(),
                              .page = s.page(),
                              .heading_level = s.heading_level(),
                              .begin_sample = 0,
                              .end_sample = 0});
  }
  book.key = BookKey(options_, sentences);
  return book;
}

absl::Status BookBuilder::AddAudio(const rpc::TextSource& source,
                                   TalkingBook* book, bool* synthesized) const {
  const bool cached = !options_.cache_dir.empty();
  const std::string timings_path = CachePath(options_, source, *book, ".tsv");
  const std::string mp3_path = CachePath(options_, source, *book, ".mp3");
  if (cached && !options_.force && LoadCached(timings_path, mp3_path, book)) {
    if (synthesized != nullptr) *synthesized = false;
    return absl::OkStatus();
  }
  if (absl::Status s = Synthesize(source, book); !s.ok()) return s;
  if (synthesized != nullptr) *synthesized = true;
  if (!cached) return absl::OkStatus();
  // The audio first: timings that name its size are only written once it
  // is whole.
  if (absl::Status s = render::WriteFileAtomically(mp3_path, book->mp3);
      !s.ok()) {
    return s;
  }
  return render::WriteFileAtomically(timings_path, TimingsText(*book));
}

absl::Status BookBuilder::Synthesize(const rpc::TextSource& source,
                                     TalkingBook* book) const {
  absl::StatusOr<std::unique_ptr<audio::Encoder>> encoder =
      audio::MakeMp3Encoder(
          {.sample_rate_hz = kSampleRateHz,
           .bitrate_kbps = audio::Mp3BitrateKbpsForRate(kSampleRateHz)});
  if (!encoder.ok()) return encoder.status();
  v1::SynthesizeRequest request;
  rpc::SetInput(source, &request);
  request.set_voice(options_.voice);
  v1::AudioConfig* config = request.mutable_audio();
  config->set_encoding(v1::LINEAR16);
  config->set_sample_rate_hz(kSampleRateHz);
  config->set_speaking_rate(options_.speaking_rate);
  config->set_pitch(options_.pitch);
  config->set_volume_gain_db(options_.volume_db);

  std::map<uint32_t, BookSentence*> by_index;
  for (BookSentence& s : book->sentences) by_index[s.index] = &s;
  size_t ended = 0;
  std::string mp3;
  std::string odd_byte;  // A sample split over two chunks.
  absl::Status local;
  rpc::SpeechStream speech(stub_, {.call = stream_, .on_ready = {}});
  speech.Start(request);
  BookSentence* current = nullptr;
  while (local.ok()) {
    speech.WaitForData();
    rpc::SpeechStream::Chunk chunk = speech.Take();
    for (const rpc::SpeechMark& mark : chunk.marks) {
      auto it = by_index.find(mark.sentence);
      // A library document reloaded since Prepare() would give audio that
      // the key and the text do not describe.
      if (it == by_index.end() || mark.byte % 2 != 0 ||
          (mark.kind == rpc::SpeechMark::Kind::kSentenceStart &&
           mark.spoken_text != it->second->spoken_text)) {
        local = absl::FailedPreconditionError(
            "teksten ændrede sig på serveren under kørslen; kør igen");
        break;
      }
      if (mark.kind == rpc::SpeechMark::Kind::kSentenceStart) {
        current = it->second;
        current->begin_sample = mark.byte / 2;
        continue;
      }
      BookSentence& s = *it->second;
      s.end_sample = mark.byte / 2;
      if (current != &s ||
          (mark.audio_samples != 0 &&
           mark.audio_samples != s.end_sample - s.begin_sample)) {
        local = absl::InternalError(absl::StrCat(
            "sætning ", mark.sentence, ": serveren meldte ", mark.audio_samples,
            " samples, men sendte ", s.end_sample - s.begin_sample));
        break;
      }
      current = nullptr;
      ++ended;
    }
    if (!local.ok()) break;
    std::string pcm = odd_byte + chunk.audio;
    odd_byte.clear();
    if (pcm.size() % 2 != 0) {
      odd_byte = pcm.substr(pcm.size() - 1);
      pcm.pop_back();
    }
    std::vector<int16_t> samples(pcm.size() / 2);
    for (size_t i = 0; i < samples.size(); ++i) {
      samples[i] = static_cast<int16_t>(
          static_cast<uint16_t>(static_cast<unsigned char>(pcm[2 * i])) |
          static_cast<uint16_t>(static_cast<unsigned char>(pcm[2 * i + 1]))
              << 8);
    }
    if (options_.on_pcm) options_.on_pcm(samples);
    local = (*encoder)->Encode(samples, &mp3);
    if (speech.state().drained) break;
  }
  speech.Cancel();
  if (!local.ok()) return local;
  const absl::Status status = speech.state().status;
  if (!status.ok()) return status;
  if (ended != book->sentences.size()) {
    return absl::InternalError(absl::StrCat("serveren læste ", ended, " af ",
                                            book->sentences.size(),
                                            " sætninger"));
  }
  // Some decoders (libmad, in sox and in daisy-player's madplay) drop the
  // last frame of a stream; silence after the last sentence keeps its clip
  // whole in their output too.
  const std::vector<int16_t> tail(kTailSilenceSamples, 0);
  if (absl::Status s = (*encoder)->Encode(tail, &mp3); !s.ok()) return s;
  if (absl::Status s = (*encoder)->Finish(&mp3); !s.ok()) return s;
  book->mp3 = std::move(mp3);
  book->sample_rate_hz = kSampleRateHz;
  book->lead_in_samples = audio::kMp3EncoderDelaySamples;
  book->modified = std::time(nullptr);
  return absl::OkStatus();
}

}  // namespace policyreader::book
