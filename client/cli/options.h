// Options of the policy-reader subcommands. The flags in
// command_registry.cc fill them from the command line, and the Run*
// functions in commands.h take them.
//
// Thread-safety: plain values.
#ifndef POLICY_READER_CLIENT_CLI_OPTIONS_H_
#define POLICY_READER_CLIENT_CLI_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace policyreader::cli {

struct ConnectionOptions {
  std::string server = "127.0.0.1:50051";
  // Deadline of every RPC in seconds. 0 means the defaults: 30 s for unary
  // calls; for Synthesize streams a deadline scaled to the text's length
  // (at least an hour), since playback runs in real time.
  double timeout_s = 0;
  // Seconds to wait for an unreachable server to come up; 0: fail at once.
  double wait_for_server_s = 0;
  // Errors also show gRPC's own code and (English) message, on a line of
  // their own after the Danish one.
  bool verbose = false;
};

// Exactly one of text, file and document_id is set.
struct InputOptions {
  std::string text;
  std::string file;
  std::string document_id;
  // "text", "markdown" or "html"; empty: from the file's extension (.html,
  // .htm, .md, .markdown), else plain text.
  std::string format;
};

struct VoiceOptions {
  std::string voice;            // Empty: the server's default voice.
  double speaking_rate = 0;     // 0: normal (1.0).
  double pitch = 0;             // Semitones.
  double volume_db = 0;         // Gain in dB.
  uint32_t start_sentence = 0;  // As numbered by `segment`.
};

struct SpeakOptions {
  ConnectionOptions connection;
  InputOptions input;
  VoiceOptions voice;
  // Output path; "-" is standard output (with raw only).
  std::string output;
  std::string encoding = "linear16";  // linear16, alaw or mulaw.
  uint32_t rate_hz = 0;               // 0: the server's default for it.
  bool raw = false;                   // Bare audio bytes, no WAV header.
};

struct PlayOptions {
  ConnectionOptions connection;
  InputOptions input;
  VoiceOptions voice;
  std::string device;  // Empty: PortAudio's default output.
  bool quiet = false;  // Print nothing but errors.
  // "sentences": a position line per sentence; "sections": only when a new
  // section starts (listen::Announce).
  std::string announce = "sentences";
  // Start at the top even if the text was left somewhere last time.
  bool from_start = false;
  // --start: the sentence to begin at, counted from 1 as the player's
  // position lines count ("sætning 12 af 380"); voice.start_sentence is
  // not used.
  uint32_t start = 0;
  // --start was given: it wins over the remembered position.
  bool start_given = false;
  // Where positions are remembered; empty: under $XDG_STATE_HOME.
  std::string state_file;
};

struct SegmentOptions {
  ConnectionOptions connection;
  InputOptions input;
  bool json = false;
  // Original and spoken text side by side, for reviewing a whole policy.
  bool review = false;
  int width = 0;  // Review width in columns; 0: $COLUMNS or 120.
  // With eSpeak NG's phonemes of the spoken text and of the text as
  // written, for checking by ear what the listener will hear. Needs eSpeak
  // NG's data on this machine (the engine runs in this process).
  bool phonemes = false;
};

// `render`: prompt files for telephone systems (client/render/prompts.h).
struct RenderCommandOptions {
  ConnectionOptions connection;
  std::vector<std::string> paths;  // Files and folders.
  std::string text;
  std::string document_id;
  std::string out_dir;
  std::string format = "alaw";       // alaw, ulaw, sln, sln16 or wav.
  std::string wav_encoding = "pcm";  // For wav: pcm, alaw or ulaw.
  std::string split = "sentence";    // sentence, paragraph or document.
  std::string voice = "telefon";
  double speaking_rate = 0;
  bool force = false;
  bool prune = false;
};

// `book`: a talking book (client/book/talking_book.h).
struct BookCommandOptions {
  ConnectionOptions connection;
  InputOptions input;  // --doc or --file (or --text).
  VoiceOptions voice;  // start_sentence is not used.
  // A .epub file, or a folder: FOLDER/ID.epub, or the DAISY fileset itself.
  std::string out;
  std::string format = "epub";  // epub or daisy.
  std::string cache_dir;        // Empty: DefaultBookCacheDir().
  bool force = false;
};

struct VoicesOptions {
  ConnectionOptions connection;
  bool json = false;
};

struct DocumentsOptions {
  ConnectionOptions connection;
  bool json = false;
};

// `health`: the server's grpc.health.v1 status.
struct HealthOptions {
  ConnectionOptions connection;
  std::string service;  // "" = the whole server.
};

// Process exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;  // RPC or I/O failure.
inline constexpr int kExitUsage = 2;  // Bad command line or unreadable input.
inline constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM.

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_OPTIONS_H_
