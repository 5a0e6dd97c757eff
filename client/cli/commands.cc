#include "client/cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/audio_file_writer.h"
#include "client/cli/format.h"
#include "client/cli/interrupt.h"
#include "client/input/text_input.h"
#include "client/listen/listening_session.h"
#include "client/listen/outline.h"
#include "client/listen/resume_store.h"
#include "client/listen/terminal.h"
#include "client/player/audio_output.h"
#include "client/render/progress.h"
#include "client/render/renderer.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
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
// Large Segment answers (a long policy with spoken text) exceed gRPC's 4 MB
// default.
constexpr int kMaxReceiveBytes = 64 << 20;

std::unique_ptr<v1::PolicyReader::Stub> MakeStub(
    const ConnectionOptions& connection) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  // A player waiting for a restarted server should find it within a second
  // or two, not after gRPC's default backoff of up to two minutes.
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 250);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 250);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // Keep gRPC's own read-ahead small (its window otherwise grows to several
  // MB on loopback): the player queues what it needs itself, and audio
  // buffered beyond that is thrown away at every key and hides a lost
  // server for a minute.
  arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 64 << 10);
  return v1::PolicyReader::NewStub(grpc::CreateCustomChannel(
      connection.server, grpc::InsecureChannelCredentials(), arguments));
}

// Sets the call's deadline; with --wait-s the call first waits (that long
// at most) for the server to come up instead of failing at once, which is
// how scripts start a server and a client together without sleeping.
void SetTimeout(grpc::ClientContext* context,
                const ConnectionOptions& connection, absl::Duration timeout) {
  absl::Duration wait = absl::Seconds(connection.wait_for_server_s);
  if (connection.wait_for_server_s > 0) context->set_wait_for_ready(true);
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(timeout + wait));
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
    err << "Serveren svarede ikke i tide; prøv igen eller giv mere tid med "
           "--timeout-s.\n";
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

v1::SynthesizeRequest BuildSynthesizeRequest(
    const InputOptions& input, std::string text, v1::TextFormat format,
    const VoiceOptions& voice, v1::AudioEncoding encoding, uint32_t rate_hz) {
  v1::SynthesizeRequest request;
  if (!input.document_id.empty()) {
    request.set_document_id(input.document_id);
  } else {
    request.set_text(std::move(text));
    request.set_format(format);
  }
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

// The outline of what is played: the document's sentences and sections from
// the library, or the sentences the server finds in the text.
absl::StatusOr<listen::Outline> FetchOutline(
    v1::PolicyReader::Stub* stub, const ConnectionOptions& connection,
    const InputOptions& input, const std::string& text, v1::TextFormat format) {
  grpc::ClientContext context;
  SetTimeout(&context, connection, UnaryTimeout(connection));
  if (!input.document_id.empty()) {
    v1::GetDocumentRequest request;
    request.set_document_id(input.document_id);
    request.set_include_sentences(true);
    v1::Document document;
    const grpc::Status status = stub->GetDocument(&context, request, &document);
    if (!status.ok()) return FromGrpc(status);
    if (!document.available()) {
      return absl::FailedPreconditionError(
          absl::StrCat("Dokumentet \"", input.document_id,
                       "\" kan ikke læses: ", document.unavailable_reason()));
    }
    return listen::OutlineFromDocument(document);
  }
  v1::SegmentRequest request;
  request.set_text(text);
  request.set_format(format);
  v1::SegmentResponse response;
  const grpc::Status status = stub->Segment(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return listen::OutlineFromSegments(
      response, input.file.empty()
                    ? std::string("teksten")
                    : std::filesystem::path(input.file).filename().string());
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
  const v1::SynthesizeRequest request =
      BuildSynthesizeRequest(options.input, *std::move(text), *text_format,
                             options.voice, *encoding, options.rate_hz);
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  grpc::ClientContext context;
  SetTimeout(
      &context, options.connection,
      StreamTimeout(options.connection, text_bytes, options.voice.speaking_rate,
                    !options.input.document_id.empty()));
  InterruptWatcher interrupt([&context] { context.TryCancel(); });

  std::unique_ptr<grpc::ClientReaderInterface<v1::SynthesizeResponse>> reader =
      stub->Synthesize(&context, request);
  v1::SynthesizeResponse response;
  absl::Status local_error;
  audio::WavFormat format = ToWavFormat(*encoding, options.rate_hz);
  uint32_t sentences = 0;
  auto begin = [&](const audio::WavFormat& stream_format) {
    format = stream_format;
    return (*writer)->Begin(format);
  };
  while (local_error.ok() && reader->Read(&response)) {
    switch (response.event_case()) {
      case v1::SynthesizeResponse::kHeader: {
        const v1::StreamHeader& header = response.header();
        if ((*writer)->begun()) break;
        if (header.channels() > 1 && !options.raw) {
          local_error = absl::UnimplementedError(absl::StrCat(
              "Serveren sendte ", header.channels(),
              " kanaler; WAV-filer skrives kun i mono (brug --raw)"));
          break;
        }
        local_error =
            begin(ToWavFormat(header.encoding(), header.sample_rate_hz()));
        break;
      }
      case v1::SynthesizeResponse::kAudio:
        if (!(*writer)->begun()) local_error = begin(format);
        if (local_error.ok()) {
          local_error = (*writer)->Append(response.audio().data());
        }
        break;
      case v1::SynthesizeResponse::kSentenceEnd:
        ++sentences;
        break;
      default:
        break;
    }
  }
  if (!local_error.ok()) {
    context.TryCancel();
    while (reader->Read(&response)) {
    }
  }
  const grpc::Status rpc_status = reader->Finish();
  if (interrupt.interrupted()) {
    (*writer)->Discard();
    err << "Afbrudt; " << options.output << " blev ikke gemt.\n";
    return kExitInterrupted;
  }
  absl::Status status = local_error.ok() ? FromGrpc(rpc_status) : local_error;
  if (status.ok() && !(*writer)->begun()) status = begin(format);
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
  // Never spawn a JACK server just to probe devices. Set before any thread
  // (gRPC's included) exists, as setenv is not thread-safe.
  setenv("JACK_NO_START_SERVER", "1", /*overwrite=*/0);

  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  absl::StatusOr<listen::Outline> outline = FetchOutline(
      stub.get(), options.connection, options.input, *text, *text_format);
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
  session_options.speed =
      options.voice.speaking_rate > 0 ? options.voice.speaking_rate : 1.0;
  session_options.start_sentence = options.voice.start_sentence;
  if (session_options.start_sentence >= count) {
    err << "Fejl: --start " << session_options.start_sentence
        << " er uden for teksten (0 til " << count - 1 << ")\n";
    return kExitUsage;
  }
  // Where this text was left last time, unless told where to start.
  listen::ResumeStore store(options.state_file.empty()
                                ? listen::ResumeStore::DefaultPath()
                                : options.state_file);
  const std::string key = ResumeKey(options.input);
  if (!key.empty() && !options.from_start && !options.start_given) {
    if (std::optional<size_t> resume = store.Find(key, *outline);
        resume.has_value() && *resume > 0) {
      session_options.start_sentence = *resume;
      if (!options.quiet) {
        out << "Fortsætter ved sætning " << *resume + 1 << " af " << count
            << ", hvor du slap. Brug --from-start for at begynde forfra."
            << std::endl;
      }
    }
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

  const std::string request_text = *std::move(text);
  listen::ListeningSession session(
      stub.get(), &*outline,
      [&](uint32_t start, double speed) {
        VoiceOptions voice = options.voice;
        voice.start_sentence = start;
        voice.speaking_rate = speed;
        return BuildSynthesizeRequest(options.input, request_text, *text_format,
                                      voice, v1::LINEAR16, kPlaybackRateHz);
      },
      session_options, &out);
  InterruptWatcher interrupt([&session] { session.Stop(); });
  bool save_failed = false;
  const listen::SessionResult result =
      session.Run(keys.ok() ? keys->get() : nullptr, [&](size_t sentence) {
        if (key.empty() || save_failed) return;
        if (absl::Status saved = store.Save(key, *outline, sentence);
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
      (void)store.Save(key, *outline, result.sentence);
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
  grpc::ClientContext context;
  SetTimeout(&context, options.connection, UnaryTimeout(options.connection));
  InterruptWatcher interrupt([&context] { context.TryCancel(); });
  v1::SegmentRequest request;
  request.set_text(*std::move(text));
  request.set_format(*text_format);
  v1::SegmentResponse response;
  const grpc::Status status = stub->Segment(&context, request, &response);
  if (interrupt.interrupted()) {
    err << "Afbrudt.\n";
    return kExitInterrupted;
  }
  if (!status.ok()) {
    return ReportError(FromGrpc(status), options.connection, err);
  }
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
      [&](grpc::ClientContext* context, bool stream) {
        SetTimeout(
            context, options.connection,
            stream ? StreamTimeout(options.connection, 0, options.speaking_rate,
                                   /*is_document=*/true)
                   : UnaryTimeout(options.connection));
      },
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

std::string_view RenderHelp() {
  return R"(Brug: policy-reader render [flag] FIL|MAPPE...

Skriver lydfiler (prompter) til telefonsystemer som Asterisk og FreeSWITCH,
med stemmen "telefon" (300-3400 Hz, -19 dBm0). En mappe betyder dens .txt-,
.md- og .html-filer (ikke undermapper). Kun prompter hvis tekst, stemme eller
format har ændret sig, syntetiseres igen; prompter der er forsvundet fra en
tekst, fjernes.

Formater (--format):
  alaw   rå G.711 A-law, 8000 Hz (standard; dansk telefonnet)
  ulaw   rå G.711 mu-law, 8000 Hz
  sln    rå 16 bit lineær PCM (little-endian), 8000 Hz
  sln16  rå 16 bit lineær PCM (little-endian), 16000 Hz
  wav    WAV, 8000 Hz; kodning med --wav-encoding: pcm (standard; den
         eneste WAV Asterisk kan afspille), alaw eller ulaw

Filerne i --out (numre fra 0, som i segment):
  --split sentence   ID/ID-s0007.alaw   én sætning (standard)
  --split paragraph  ID/ID-p0003.alaw   ét afsnit
  --split document   ID.alaw            hele teksten
  manifest.json      fil, kilde, tekst, udtalt tekst, varighed og nøgle
ID er filnavnet uden endelse (æ ø å som ae oe aa), dokumentets id eller
"tekst". En fil der ikke kan læses, stopper kørslen før noget ændres.

)";
}

int RunVoices(const VoicesOptions& options, std::ostream& out,
              std::ostream& err) {
  std::unique_ptr<v1::PolicyReader::Stub> stub = MakeStub(options.connection);
  grpc::ClientContext context;
  SetTimeout(&context, options.connection, UnaryTimeout(options.connection));
  InterruptWatcher interrupt([&context] { context.TryCancel(); });
  v1::ListVoicesResponse response;
  const grpc::Status status =
      stub->ListVoices(&context, v1::ListVoicesRequest(), &response);
  if (interrupt.interrupted()) {
    err << "Afbrudt.\n";
    return kExitInterrupted;
  }
  if (!status.ok()) {
    return ReportError(FromGrpc(status), options.connection, err);
  }
  out << (options.json ? FormatVoicesJson(response)
                       : FormatVoicesPlain(response));
  out.flush();
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

std::string_view Usage() {
  return R"(Brug: policy-reader KOMMANDO [flag]

Læser danske politikker højt med Policy Reader-serveren.

Kommandoer:
  play     Læs teksten højt:     play --file FIL | --text "..." [--quiet]
  speak    Gem som lydfil:       speak --file FIL | --text "..." -o ud.wav
  render   Prompter til telefon: render --format alaw --out MAPPE FIL|MAPPE...
  segment  Vis sætningerne:      segment --file FIL | --text "..." [--json]
  voices   Vis serverens stemmer
  devices  Vis lydenhederne (til play --device)

"policy-reader KOMMANDO --help" viser kommandoens flag.
)";
}

}  // namespace policyreader::cli
