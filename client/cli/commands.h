// The policy-reader subcommands. Each Run* function validates its options,
// talks to the server and prints for the person at the keyboard (Danish),
// returning the process exit code: 0 done, 1 RPC or I/O error (printed as
// "Fejl: <server message> (CODE)"), 2 usage error, 130 interrupted (Ctrl-C
// cancels the RPC and stops audio).
//
// Thread-safety: call from the main thread, one command per process: the
// commands install SIGINT/SIGTERM handlers while they run.
#ifndef POLICY_READER_CLIENT_CLI_COMMANDS_H_
#define POLICY_READER_CLIENT_CLI_COMMANDS_H_

#include <cstddef>
#include <iostream>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/cli/options.h"
#include "policyreader/v1/policy_reader.pb.h"

namespace policyreader::cli {

// `speak`: streams Synthesize into a WAV file (or raw bytes).
int RunSpeak(const SpeakOptions& options, std::ostream& out = std::cout,
             std::ostream& err = std::cerr);
// `play`: streams Synthesize to the sound device, printing each sentence as
// it starts ("[3/12] ...").
int RunPlay(const PlayOptions& options, std::ostream& out = std::cout,
            std::ostream& err = std::cerr);
// `segment`: prints the sentences the server finds (plain or JSON).
int RunSegment(const SegmentOptions& options, std::ostream& out = std::cout,
               std::ostream& err = std::cerr);
// `render`: writes prompt files for Asterisk/FreeSWITCH and manifest.json,
// synthesizing only prompts that changed; prints progress and a summary on
// `err`. An input that cannot be read stops the run (exit 1) before any
// prompt changes.
int RunRender(const RenderCommandOptions& options,
              std::ostream& out = std::cout, std::ostream& err = std::cerr);
// `book`: writes a talking book (EPUB 3 with Media Overlays, or DAISY
// 2.02) of a library document or a file; audio already made for the same
// text and voice settings is taken from the cache instead of synthesized.
int RunBook(const BookCommandOptions& options, std::ostream& out = std::cout,
            std::ostream& err = std::cerr);
// `voices`: lists the server's voices.
// The server's library, one plain line per document (--json: as the API).
int RunDocuments(const DocumentsOptions& options, std::ostream& out = std::cout,
                 std::ostream& err = std::cerr);

int RunVoices(const VoicesOptions& options, std::ostream& out = std::cout,
              std::ostream& err = std::cerr);
// `health`: asks the server's grpc.health.v1 service; 0 when SERVING, 1
// when not (draining, or no answer), for service managers and containers'
// health checks.
int RunHealth(const HealthOptions& options, std::ostream& out = std::cout,
              std::ostream& err = std::cerr);
// `devices`: lists the sound devices play can use (default first).
int RunDevices(std::ostream& out = std::cout, std::ostream& err = std::cerr);

// Helpers, exposed for tests.

// "linear16", "alaw" or "mulaw" (any case); INVALID_ARGUMENT otherwise.
absl::StatusOr<v1::AudioEncoding> ParseEncoding(std::string_view name);

// The text to send: --text, or the whole of --file; empty for --document.
// INVALID_ARGUMENT unless exactly one input is given; NOT_FOUND for a missing
// file.
absl::StatusOr<std::string> LoadInput(const InputOptions& input);

// Deadline of unary calls: --timeout-s, else 30 s.
absl::Duration UnaryTimeout(const ConnectionOptions& connection);
// Deadline of a Synthesize stream: --timeout-s, else long enough to hear
// `text_bytes` of text at `speaking_rate` in real time with a wide margin,
// and never under an hour (six hours for a document, whose length we do not
// know).
absl::Duration StreamTimeout(const ConnectionOptions& connection,
                             size_t text_bytes, double speaking_rate,
                             bool is_document);

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_COMMANDS_H_
