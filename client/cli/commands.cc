#include "client/cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/book/book_builder.h"
#include "client/book/talking_book.h"
#include "client/cli/audio_file_writer.h"
#include "client/cli/format.h"
#include "client/cli/interrupt.h"
#include "client/input/text_input.h"
#include "client/listen/listening_session.h"
#include "client/listen/resume_store.h"
#include "client/listen/terminal.h"
#include "client/player/audio_output.h"
#include "client/render/manifest.h"
#include "client/render/progress.h"
#include "client/render/renderer.h"
#include "client/rpc/calls.h"
#include "client/rpc/channel.h"
#include "client/rpc/outline.h"
#include "client/rpc/speech_stream.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/audio/wav.h"
#include "service/synth/espeak_engine.h"

namespace policyreader::cli {
namespace {

using input::ReadTextFile;
using input::ResolveTextFormat;

constexpr absl::Duration kDefaultUnaryTimeout = absl::Seconds(30);
// What the player asks for: eSpeak's own rate, so nothing is resampled.
constexpr int kPlaybackRateHz = 22050;
std::unique_ptr<v1::PolicyReader::Stub> MakeStub(
    const ConnectionOptions& connection) {
  return rpc::MakeStub({.target = connection.server});
}

// With --wait-s a call first waits (that long at most) for the server to
// come up instead of failing at once.
rpc::CallOptions CallOptionsFor(const ConnectionOptions& connection,
                                absl::Duration timeout,
                                rpc::CallCanceller* canceller) {
  return {.timeout = timeout,
          .wait_for_server = absl::Seconds(connection.wait_for_server_s),
          .canceller = canceller};
}

int ReportUsageError(const absl::Status& status, std::ostream& err) {
  err << "Fejl: " << status.message() << "\n"
      << "Se policy-reader --help.\n";
  return kExitUsage;
}

int ReportError(const absl::Status& status, const ConnectionOptions& connection,
                std::ostream& err) {
  err << FormatError(status) << "\n";
  if (status.code() == absl::StatusCode::kUnavailable) {
    err << "Kører serveren på " << connection.server
        << "? Angiv en anden adresse med --server.\n";
  } else if (status.code() == absl::StatusCode::kDeadlineExceeded) {
    err << "Prøv igen, eller giv mere tid med --timeout-s.\n";
  }
  // gRPC's own (English) words go on a line of their own, when asked for.
  if (connection.verbose) {
    err << FormatErrorDetail(status) << "\n";
  } else if (rpc::IsFromGrpc(status) &&
             status.code() != absl::StatusCode::kUnavailable &&
             status.code() != absl::StatusCode::kDeadlineExceeded) {
    err << "Serverens egen besked (på engelsk) ses med --verbose.\n";
  }
  return kExitError;
}

// The terminal's width when the shell says it, else a wide default.
int ReviewWidth(int requested) {
  if (requested > 0) return requested;
  const char* columns = std::getenv("COLUMNS");
  int width = columns != nullptr ? std::atoi(columns) : 0;
  return width >= 40 ? width : 120;
}

// What the command reads: --document, or the text of --text or --file.
rpc::TextSource SourceOf(const InputOptions& input, std::string text,
                         v1::TextFormat format) {
  rpc::TextSource source;
  source.document_id = input.document_id;
  if (input.document_id.empty()) {
    source.text = std::move(text);
    source.format = format;
    source.title = input.file.empty()
                       ? std::string("teksten")
                       : std::filesystem::path(input.file).filename().string();
  }
  return source;
}

v1::SynthesizeRequest BuildSynthesizeRequest(const rpc::TextSource& source,
                                             const VoiceOptions& voice,
                                             v1::AudioEncoding encoding,
                                             uint32_t rate_hz) {
  v1::SynthesizeRequest request;
  rpc::SetInput(source, &request);
  request.set_voice(voice.voice);
  request.set_start_sentence(voice.start_sentence);
  v1::AudioConfig* audio = request.mutable_audio();
  audio->set_encoding(encoding);
  audio->set_sample_rate_hz(rate_hz);
  audio->set_speaking_rate(voice.speaking_rate);
  audio->set_pitch(voice.pitch);
  audio->set_volume_gain_db(voice.volume_db);
  return request;
}

audio::WavFormat ToWavFormat(v1::AudioEncoding encoding, uint32_t rate_hz) {
  audio::WavFormat format;
  switch (encoding) {
    case v1::ALAW:
      format.encoding = audio::Encoding::kAlaw;
      break;
    case v1::MULAW:
      format.encoding = audio::Encoding::kMulaw;
      break;
    default:
      format.encoding = audio::Encoding::kLinear16;
      break;
  }
  if (rate_hz != 0) {
    format.sample_rate_hz = static_cast<int>(rate_hz);
  } else {
    format.sample_rate_hz =
        format.encoding == audio::Encoding::kLinear16 ? 22050 : 8000;
  }
  return format;
}

// What a position is remembered under: the library document's id, or the
// file's absolute path. Text given on the command line is not remembered.
std::string ResumeKey(const InputOptions& input) {
  if (!input.document_id.empty()) return "doc:" + input.document_id;
  if (input.file.empty() || input.file == "-") return "";
  std::error_code ec;
  const std::filesystem::path path = std::filesystem::absolute(input.file, ec);
  return ec ? "" : "file:" + path.lexically_normal().string();
}

}  // namespace

absl::StatusOr<v1::AudioEncoding> ParseEncoding(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(std::string(name));
  if (lower == "linear16" || lower == "pcm") return v1::LINEAR16;
  if (lower == "alaw" || lower == "a-law") return v1::ALAW;
  if (lower == "mulaw" || lower == "mu-law" || lower == "ulaw") {
    return v1::MULAW;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("Ukendt --encoding \"", std::string(name),
                   "\"; brug linear16, alaw eller mulaw"));
}

absl::StatusOr<std::string> LoadInput(const InputOptions& input) {
  const int given =
      !input.text.empty() + !input.file.empty() + !input.document_id.empty();
  if (given == 0) {
    return absl::InvalidArgumentError(
        "Angiv teksten med --text \"...\" eller --file FIL");
  }
  if (given > 1) {
    return absl::InvalidArgumentError(
        "Angiv kun én af --text, --file og --document");
  }
  if (!input.file.empty()) return ReadTextFile(input.file);
  return input.text;
}

absl::Duration UnaryTimeout(const ConnectionOptions& connection) {
  return connection.timeout_s > 0 ? absl::Seconds(connection.timeout_s)
                                  : kDefaultUnaryTimeout;
}

absl::Duration StreamTimeout(const ConnectionOptions& connection,
                             size_t text_bytes, double speaking_rate,
                             bool is_document) {
  if (connection.timeout_s > 0) return absl::Seconds(connection.timeout_s);
  if (is_document) return absl::Hours(6);
  // Danish is spoken at about 15 characters a second; allow four times the
  // listening time at the slowest speed asked, plus ten minutes.
  const double speed = speaking_rate > 0 ? std::max(speaking_rate, 0.5) : 1.0;
  const absl::Duration listening =
      absl::Seconds(static_cast<double>(text_bytes) / 15.0 / speed);
  return std::max(absl::Hours(1), 4 * listening + absl::Minutes(10));
}

int RunSpeak(const SpeakOptions& options, std::ostream& out,
             std::ostream& err) {
  if (options.output.empty()) {
    return ReportUsageError(
        absl::InvalidArgumentError("Angiv hvor lyden skal gemmes med -o FIL"),
        err);
  }
  if (options.output == "-" && !options.raw) {
    return ReportUsageError(
        absl::InvalidArgumentError(
            "WAV kan ikke skrives til standard output; brug --raw"),
        err);
  }
  absl::StatusOr<v1::AudioEncoding> encoding = ParseEncoding(options.encoding);
  if (!encoding.ok()) return ReportUsageError(encoding.status(), err);
  absl::StatusOr<std::string> text = LoadInput(options.input);
  if (!text.ok()) return ReportUsageError(text.status(), err);
  absl::StatusOr<v1::TextFormat> text_format =
      ResolveTextFormat(options.input.format, options.input.file);
  if (!text_format.ok()) return ReportUsageError(text_format.status(), err);
  absl::StatusOr<std::unique_ptr<AudioFileWriter>> writer =
      AudioFileWriter::Create(options.output, options.raw);
  if (!writer.ok()) {
    return ReportError(writer.status(), options.connection, err);
  }

  const size_t text_bytes = text->size();
  v1::SynthesizeRequest request = BuildSynthesizeRequest(
      SourceOf(options.input, *std::move(text), *text_format), options.voice,
      *encoding, options.rate_hz);
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  rpc::CallCanceller canceller;
  rpc::SpeechStream speech(
      stub.get(),
      {.call = CallOptionsFor(options.connection,
                              StreamTimeout(options.connection, text_bytes,
                                            options.voice.speaking_rate,
                                            !options.input.document_id.empty()),
                              &canceller)});
  InterruptWatcher interrupt([&canceller] { canceller.CancelAll(); });
  speech.Start(std::move(request));

  absl::Status status;
  audio::WavFormat format = ToWavFormat(*encoding, options.rate_hz);
  uint32_t sentences = 0;
  // The file starts with the stream's own format (the header), or what was
  // asked for if the stream ends without one.
  auto begin = [&](const std::optional<v1::StreamHeader>& header) {
    if ((*writer)->begun()) return absl::OkStatus();
    if (header.has_value()) {
      if (header->channels() > 1 && !options.raw) {
        return absl::UnimplementedError(absl::StrCat(
            "Serveren sendte ", header->channels(),
            " kanaler; WAV-filer skrives kun i mono (brug --raw)"));
      }
      format = ToWavFormat(header->encoding(), header->sample_rate_hz());
    }
    return (*writer)->Begin(format);
  };
  while (status.ok()) {
    speech.WaitForData();
    const rpc::SpeechStream::Chunk chunk = speech.Take();
    const rpc::SpeechStream::State state = speech.state();
    if (state.header.has_value() || !chunk.audio.empty()) {
      status = begin(state.header);
    }
    if (status.ok() && !chunk.audio.empty()) {
      status = (*writer)->Append(chunk.audio);
    }
    for (const rpc::SpeechMark& mark : chunk.marks) {
      sentences += mark.kind == rpc::SpeechMark::Kind::kSentenceEnd;
    }
    if (state.drained) {
      if (status.ok()) status = state.status;
      break;
    }
  }
  speech.Cancel();
  if (interrupt.interrupted()) {
    (*writer)->Discard();
    err << "Afbrudt; " << options.output << " blev ikke gemt.\n";
    return kExitInterrupted;
  }
  if (status.ok()) status = begin(std::nullopt);
  if (status.ok()) status = (*writer)->Finish();
  if (!status.ok()) {
    (*writer)->Discard();
    return ReportError(status, options.connection, err);
  }
  if (options.output != "-") {
    const double seconds = static_cast<double>((*writer)->data_bytes()) /
                           audio::BytesPerSample(format.encoding) /
                           format.sample_rate_hz;
    err << "Gemt: " << options.output << " (" << sentences << " sætninger, "
        << DanishNumber(seconds, 1) << " s, " << format.sample_rate_hz << " Hz "
        << audio::EncodingName(format.encoding) << ")\n";
  }
  return kExitOk;
}

int RunPlay(const PlayOptions& options, std::ostream& out, std::ostream& err) {
  absl::StatusOr<std::string> text = LoadInput(options.input);
  if (!text.ok()) return ReportUsageError(text.status(), err);
  absl::StatusOr<v1::TextFormat> text_format =
      ResolveTextFormat(options.input.format, options.input.file);
  if (!text_format.ok()) return ReportUsageError(text_format.status(), err);
  listen::Announce announce = listen::Announce::kSentences;
  if (options.announce == "sections") {
    announce = listen::Announce::kSections;
  } else if (options.announce != "sentences") {
    err << "Fejl: --announce skal være sentences eller sections, ikke \""
        << options.announce << "\"\n";
    return kExitUsage;
  }
  // Never spawn a JACK server just to probe devices. Set before any thread
  // (gRPC's included) exists, as setenv is not thread-safe.
  setenv("JACK_NO_START_SERVER", "1", /*overwrite=*/0);

  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  const rpc::TextSource source =
      SourceOf(options.input, *std::move(text), *text_format);
  absl::StatusOr<rpc::Outline> outline = rpc::FetchOutline(
      stub.get(), source,
      CallOptionsFor(options.connection, UnaryTimeout(options.connection),
                     nullptr));
  if (!outline.ok())
    return ReportError(outline.status(), options.connection, err);
  if (outline->sentences.empty()) {
    err << "Der er intet at læse op i teksten.\n";
    return kExitError;
  }
  const size_t count = outline->sentences.size();

  listen::SessionOptions session_options;
  session_options.device = options.device;
  session_options.quiet = options.quiet;
  session_options.announce = announce;
  session_options.speed =
      options.voice.speaking_rate > 0 ? options.voice.speaking_rate : 1.0;
  session_options.verbose = options.connection.verbose;
  // --start counts as the position lines do, from 1.
  if (options.start_given && (options.start < 1 || options.start > count)) {
    err << "Fejl: --start " << options.start << " findes ikke; teksten har "
        << (count == 1 ? "kun sætning 1"
                       : absl::StrCat("sætning 1 til ", count))
        << ".\n";
    return kExitUsage;
  }
  session_options.start_sentence = options.start_given ? options.start - 1 : 0;
  // Where this text was left last time, unless told where to start.
  listen::ResumeStore store(options.state_file.empty()
                                ? listen::ResumeStore::DefaultPath()
                                : options.state_file);
  const std::string key = ResumeKey(options.input);
  const std::optional<listen::ResumeStore::Place> place =
      key.empty() ? std::nullopt : store.FindPlace(key, *outline);
  // The speed the listener had there, unless told another (or starting
  // over, when no place is kept either).
  const bool restore_speed = place.has_value() && place->speed > 0 &&
                             options.voice.speaking_rate <= 0 &&
                             !options.from_start;
  if (restore_speed) session_options.speed = place->speed;
  if (place.has_value() && !options.from_start && !options.start_given &&
      place->sentence > 0) {
    session_options.start_sentence = place->sentence;
    if (!options.quiet) {
      out << "Fortsætter ved sætning " << place->sentence + 1 << " af " << count
          << ", hvor du slap. Brug --from-start for at begynde "
          << "forfra." << std::endl;
    }
  }
  if (restore_speed && session_options.speed != 1.0 && !options.quiet) {
    out << listen::SpeedLine(session_options.speed)
        << " Som sidst; --speed vælger en anden." << std::endl;
  }

  absl::StatusOr<std::unique_ptr<listen::KeyboardInput>> keys =
      listen::KeyboardInput::Open(STDIN_FILENO);
  if (!options.quiet) {
    out << "Afspiller \"" << outline->title << "\" (" << count
        << (count == 1 ? " sætning" : " sætninger");
    if (!outline->section_starts.empty()) {
      out << ", " << outline->section_starts.size()
          << (outline->section_starts.size() == 1 ? " afsnit" : " afsnit");
    }
    out << ")." << (keys.ok() ? " Tryk ? for at se tasterne." : "")
        << std::endl;
  }

  listen::ListeningSession session(
      stub.get(), &*outline,
      [&](uint32_t start, double speed) {
        VoiceOptions voice = options.voice;
        voice.start_sentence = start;
        voice.speaking_rate = speed;
        return BuildSynthesizeRequest(source, voice, v1::LINEAR16,
                                      kPlaybackRateHz);
      },
      session_options, &out);
  InterruptWatcher interrupt([&session] { session.Stop(); });
  bool save_failed = false;
  const listen::SessionResult result =
      session.Run(keys.ok() ? keys->get() : nullptr, [&](size_t sentence) {
        if (key.empty() || save_failed) return;
        if (absl::Status saved =
                store.Save(key, *outline, sentence, session.speed());
            !saved.ok()) {
          save_failed = true;
          err << "Kan ikke huske stedet i " << store.path() << ": "
              << saved.message() << std::endl;
        }
      });
  if (keys.ok()) keys->reset();  // The terminal back to normal first.

  if (!key.empty() && !save_failed) {
    if (result.finished) {
      (void)store.Forget(key);
    } else if (result.status.ok()) {
      (void)store.Save(key, *outline, result.sentence, result.speed);
    }
  }
  if (!options.quiet) err << FormatPlaybackSummary(result) << std::endl;
  if (!result.status.ok()) {
    return ReportError(result.status, options.connection, err);
  }
  if (result.stopped || interrupt.interrupted()) {
    if (!options.quiet) err << "Afbrudt." << std::endl;
    return kExitInterrupted;
  }
  if (!options.quiet) {
    if (result.finished) {
      out << "Færdig." << std::endl;
    } else {
      out << "Stoppet ved sætning " << result.sentence + 1 << " af " << count
          << "." << (key.empty() ? "" : " Næste gang fortsætter du her.")
          << std::endl;
    }
  }
  return kExitOk;
}

int RunSegment(const SegmentOptions& options, std::ostream& out,
               std::ostream& err) {
  if (!options.input.document_id.empty()) {
    return ReportUsageError(
        absl::InvalidArgumentError("segment tager --text eller --file"), err);
  }
  absl::StatusOr<std::string> text = LoadInput(options.input);
  if (!text.ok()) return ReportUsageError(text.status(), err);
  absl::StatusOr<v1::TextFormat> text_format =
      ResolveTextFormat(options.input.format, options.input.file);
  if (!text_format.ok()) return ReportUsageError(text_format.status(), err);
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  rpc::CallCanceller canceller;
  InterruptWatcher interrupt([&canceller] { canceller.CancelAll(); });
  v1::SegmentRequest request;
  request.set_text(*std::move(text));
  request.set_format(*text_format);
  const absl::StatusOr<v1::SegmentResponse> segmented = rpc::Segment(
      stub.get(), request,
      CallOptionsFor(options.connection, UnaryTimeout(options.connection),
                     &canceller));
  if (interrupt.interrupted()) {
    err << "Afbrudt.\n";
    return kExitInterrupted;
  }
  if (!segmented.ok()) {
    return ReportError(segmented.status(), options.connection, err);
  }
  const v1::SegmentResponse& response = *segmented;
  if (options.phonemes) {
    // eSpeak NG in this process: the phonemes are the engine's own, the same
    // data the server's workers read.
    absl::StatusOr<std::unique_ptr<synth::EspeakEngine>> engine =
        synth::EspeakEngine::Create({});
    auto fail = [&err](const absl::Status& status) {
      err << "Fejl: fonemer fra eSpeak NG: " << status.message() << "\n";
      return kExitError;
    };
    if (!engine.ok()) return fail(engine.status());
    std::vector<std::string> spoken, written;
    for (const v1::Sentence& sentence : response.sentences()) {
      absl::StatusOr<std::string> said =
          (*engine)->Phonemes(sentence.spoken_text(), "da");
      absl::StatusOr<std::string> raw =
          (*engine)->Phonemes(sentence.text(), "da");
      if (!said.ok()) return fail(said.status());
      if (!raw.ok()) return fail(raw.status());
      spoken.push_back(*std::move(said));
      written.push_back(*std::move(raw));
    }
    out << FormatSentencesPhonemes(response, spoken, written);
  } else if (options.json) {
    out << FormatSentencesJson(response);
  } else if (options.review) {
    out << FormatSentencesReview(response, ReviewWidth(options.width));
  } else {
    out << FormatSentencesPlain(response);
  }
  out.flush();
  return kExitOk;
}

int RunRender(const RenderCommandOptions& options, std::ostream& out,
              std::ostream& err) {
  if (options.paths.empty() && options.text.empty() &&
      options.document_id.empty()) {
    return ReportUsageError(
        absl::InvalidArgumentError(
            "Angiv filer eller mapper, --doc ID eller --text \"...\""),
        err);
  }
  if (options.out_dir.empty()) {
    return ReportUsageError(
        absl::InvalidArgumentError("Angiv mappen til lydfilerne med --out"),
        err);
  }
  absl::StatusOr<render::PromptFormat> format =
      render::ParsePromptFormat(options.format, options.wav_encoding);
  if (!format.ok()) return ReportUsageError(format.status(), err);
  absl::StatusOr<render::Split> split = render::ParseSplit(options.split);
  if (!split.ok()) return ReportUsageError(split.status(), err);

  render::RenderOptions render_options{.paths = options.paths,
                                       .document_id = options.document_id,
                                       .text = options.text,
                                       .out_dir = options.out_dir,
                                       .format = *format,
                                       .split = *split,
                                       .voice = options.voice,
                                       .speaking_rate = options.speaking_rate,
                                       .force = options.force,
                                       .prune = options.prune};
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  const bool terminal = &err == &std::cerr && isatty(STDERR_FILENO) != 0;
  render::ProgressReporter progress(&err, terminal);
  render::Renderer renderer(
      stub.get(), std::move(render_options),
      CallOptionsFor(options.connection, UnaryTimeout(options.connection),
                     nullptr),
      CallOptionsFor(options.connection,
                     StreamTimeout(options.connection, 0, options.speaking_rate,
                                   /*is_document=*/true),
                     nullptr),
      [&](const render::RenderProgress& update) { progress.Update(update); });
  InterruptWatcher interrupt([&renderer] { renderer.Cancel(); });
  absl::StatusOr<render::RenderSummary> summary = renderer.Run();
  progress.Finish();
  if (interrupt.interrupted()) {
    err << "Afbrudt; færdige prompter er gemt og står i manifest.json.\n";
    return kExitInterrupted;
  }
  if (!summary.ok()) {
    return ReportError(summary.status(), options.connection, err);
  }
  for (const std::string& warning : summary->warnings) {
    err << "Advarsel: " << warning << "\n";
  }
  err << summary->prompts
      << (summary->prompts == 1 ? " prompt, " : " prompter, ")
      << summary->synthesized << " syntetiseret, " << summary->unchanged
      << " uændret, " << summary->removed << " fjernet (i " << options.out_dir
      << ")\n";
  return kExitOk;
}

namespace {

// Writes the DAISY fileset into `dir`, the NCC last (a player finds no
// book until every file it names is whole), and removes SMIL files an
// earlier, longer version left.
absl::Status WriteDaisy(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::set<std::string> names;
  for (const auto& [name, bytes] : files) names.insert(name);
  for (size_t i = 1; i <= files.size(); ++i) {
    const auto& [name, bytes] = files[i % files.size()];
    absl::Status s = render::WriteFileAtomically((dir / name).string(), bytes);
    if (!s.ok()) return s;
  }
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".smil" && !names.contains(name)) {
      fs::remove(entry.path(), ec);
    }
  }
  return absl::OkStatus();
}

}  // namespace

int RunBook(const BookCommandOptions& options, std::ostream& out,
            std::ostream& err) {
  namespace fs = std::filesystem;
  if (options.input.document_id.empty() && options.input.file.empty()) {
    return ReportUsageError(
        absl::InvalidArgumentError("Angiv --doc ID eller --file FIL"), err);
  }
  absl::StatusOr<std::string> text = LoadInput(options.input);
  if (!text.ok()) return ReportUsageError(text.status(), err);
  if (options.format != "epub" && options.format != "daisy") {
    return ReportUsageError(
        absl::InvalidArgumentError(absl::StrCat(
            "--format skal være epub eller daisy, ikke ", options.format)),
        err);
  }
  if (options.out.empty()) {
    return ReportUsageError(
        absl::InvalidArgumentError("Angiv hvor bogen skrives med --out"), err);
  }
  rpc::TextSource source;
  source.document_id = options.input.document_id;
  if (source.document_id.empty()) {
    absl::StatusOr<v1::TextFormat> format =
        input::ResolveTextFormat(options.input.format, options.input.file);
    if (!format.ok()) return ReportUsageError(format.status(), err);
    source.text = *std::move(text);
    source.format = *format;
    source.title = fs::path(options.input.file).stem().string();
  }
  book::BookOptions book_options{.voice = options.voice.voice,
                                 .speaking_rate = options.voice.speaking_rate,
                                 .pitch = options.voice.pitch,
                                 .volume_db = options.voice.volume_db,
                                 .cache_dir = options.cache_dir.empty()
                                                  ? book::DefaultBookCacheDir()
                                                  : options.cache_dir,
                                 .force = options.force,
                                 .on_pcm = {}};
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  rpc::CallCanceller canceller;
  InterruptWatcher interrupt([&canceller] { canceller.CancelAll(); });
  book::BookBuilder builder(
      stub.get(), book_options,
      CallOptionsFor(options.connection, UnaryTimeout(options.connection),
                     &canceller),
      CallOptionsFor(options.connection,
                     StreamTimeout(options.connection, source.text.size(),
                                   options.voice.speaking_rate,
                                   !source.document_id.empty()),
                     &canceller));
  const auto failed = [&](const absl::Status& status) {
    if (interrupt.interrupted()) {
      err << "Afbrudt; bogen er ikke skrevet.\n";
      return kExitInterrupted;
    }
    return ReportError(status, options.connection, err);
  };
  absl::StatusOr<book::TalkingBook> book = builder.Prepare(source);
  if (!book.ok()) return failed(book.status());
  bool synthesized = false;
  if (absl::Status s = builder.AddAudio(source, &*book, &synthesized);
      !s.ok()) {
    return failed(s);
  }
  fs::path target(options.out);
  absl::Status written;
  if (options.format == "epub") {
    if (target.extension() != ".epub") target /= book->id + ".epub";
    absl::StatusOr<std::string> epub = book::BuildEpub(*book);
    written = epub.ok() ? render::WriteFileAtomically(target.string(), *epub)
                        : epub.status();
  } else {
    absl::StatusOr<std::vector<std::pair<std::string, std::string>>> files =
        book::BuildDaisy(*book);
    written = files.ok() ? WriteDaisy(*files, target) : files.status();
  }
  if (!written.ok()) return ReportError(written, options.connection, err);
  err << "Bog: " << target.string() << " (" << book->sentences.size()
      << " sætninger, "
      << absl::StrFormat("%.0f s lyd", book::TotalSeconds(*book))
      << (synthesized ? ", syntetiseret" : ", lyd genbrugt") << ")\n";
  return kExitOk;
}

int RunVoices(const VoicesOptions& options, std::ostream& out,
              std::ostream& err) {
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  rpc::CallCanceller canceller;
  InterruptWatcher interrupt([&canceller] { canceller.CancelAll(); });
  const absl::StatusOr<v1::ListVoicesResponse> response = rpc::ListVoices(
      stub.get(), CallOptionsFor(options.connection,
                                 UnaryTimeout(options.connection), &canceller));
  if (interrupt.interrupted()) {
    err << "Afbrudt.\n";
    return kExitInterrupted;
  }
  if (!response.ok()) {
    return ReportError(response.status(), options.connection, err);
  }
  out << (options.json ? FormatVoicesJson(*response)
                       : FormatVoicesPlain(*response));
  out.flush();
  return kExitOk;
}

int RunDocuments(const DocumentsOptions& options, std::ostream& out,
                 std::ostream& err) {
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  rpc::CallCanceller canceller;
  InterruptWatcher interrupt([&canceller] { canceller.CancelAll(); });
  const absl::StatusOr<v1::ListDocumentsResponse> response = rpc::ListDocuments(
      stub.get(), v1::ListDocumentsRequest(),
      CallOptionsFor(options.connection, UnaryTimeout(options.connection),
                     &canceller));
  if (interrupt.interrupted()) {
    err << "Afbrudt.\n";
    return kExitInterrupted;
  }
  if (!response.ok()) {
    return ReportError(response.status(), options.connection, err);
  }
  out << (options.json ? FormatDocumentsJson(*response)
                       : FormatDocumentsPlain(*response));
  out.flush();
  return 0;
}

int RunHealth(const HealthOptions& options, std::ostream& out,
              std::ostream& err) {
  std::unique_ptr<grpc::health::v1::Health::Stub> stub =
      rpc::MakeHealthStub({.target = options.connection.server});
  const absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus>
      status = rpc::CheckHealth(
          stub.get(), options.service,
          CallOptionsFor(options.connection, UnaryTimeout(options.connection),
                         /*canceller=*/nullptr));
  if (!status.ok())
    return ReportError(status.status(), options.connection, err);
  const std::string name =
      grpc::health::v1::HealthCheckResponse::ServingStatus_Name(*status);
  if (*status != grpc::health::v1::HealthCheckResponse::SERVING) {
    err << "Serveren tager ikke imod nye oplæsninger (" << name << ").\n";
    return kExitError;
  }
  out << name << "\n";
  return kExitOk;
}

int RunDevices(std::ostream& out, std::ostream& err) {
  setenv("JACK_NO_START_SERVER", "1", /*overwrite=*/0);
  absl::StatusOr<std::vector<std::string>> devices =
      player::AudioOutput::ListOutputDevices();
  if (!devices.ok()) {
    err << FormatError(devices.status()) << "\n";
    return kExitError;
  }
  if (devices->empty()) {
    err << "Der er ingen lydenheder til afspilning.\n";
    return kExitError;
  }
  for (size_t i = 0; i < devices->size(); ++i) {
    out << (*devices)[i] << (i == 0 ? "  (standard)" : "") << "\n";
  }
  out.flush();
  return kExitOk;
}

}  // namespace policyreader::cli
