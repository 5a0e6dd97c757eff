// Renders prompt files for telephone systems (see prompts.h for formats and
// names, manifest.h for manifest.json) from files, folders of policies, a
// library document or a text, through a Policy Reader server.
//
// A run first reads and segments every input (Segment, or GetDocument with
// sentences), so an unreadable file or a server error stops it before any
// prompt changes. It then plans against the old manifest: a prompt whose
// key matches and whose file is intact is left alone. Each input that needs
// audio gets one Synthesize stream from its first needed sentence, in
// exactly the encoding and rate of the files (the client never converts
// audio); the audio is cut at SentenceStart events, a stream is cancelled
// and restarted at the next needed sentence when it reaches a sentence that
// is not needed, and it is cancelled once the last needed one is done. Every
// file and the manifest are written to a temporary file and renamed, so an
// interrupted run leaves whole files and a manifest that describes them
// truthfully; prompts that disappeared from a source are removed at the end.
//
// Thread-safety: Run() on one thread; Cancel() from any thread.
#ifndef POLICY_READER_CLIENT_RENDER_RENDERER_H_
#define POLICY_READER_CLIENT_RENDER_RENDERER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/render/manifest.h"
#include "client/render/prompts.h"
#include "client/rpc/calls.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::render {

struct RenderOptions {
  // Files and folders (a folder means its .txt, .md, .html and .htm files,
  // not those of its subfolders), plus at most one library document and
  // one text.
  std::vector<std::string> paths;
  std::string document_id;
  std::string text;
  std::string out_dir;
  PromptFormat format;
  Split split = Split::kSentence;
  std::string voice = "telefon";
  double speaking_rate = 0;  // 0: the voice's normal speed.
  bool force = false;        // Synthesize every prompt, matching or not.
  // Also remove prompts of sources not named in this run.
  bool prune = false;
};

struct RenderProgress {
  size_t done = 0;   // Sentences synthesized so far.
  size_t total = 0;  // Sentences this run synthesizes.
  std::string source;
  bool source_done = false;  // The last event for `source`.
};

struct RenderSummary {
  size_t prompts = 0;  // Prompts of this run's sources.
  size_t synthesized = 0;
  size_t unchanged = 0;
  size_t removed = 0;
  size_t sentences_synthesized = 0;
  std::vector<std::string> warnings;  // Danish, for the user.
};

// The files `paths` stand for, in order (a folder's files sorted by name).
// NOT_FOUND naming a missing path; INVALID_ARGUMENT for a folder without
// policies.
absl::StatusOr<std::vector<std::string>> ExpandInputPaths(
    const std::vector<std::string>& paths);

class Renderer {
 public:
  using ProgressCallback = std::function<void(const RenderProgress&)>;

  // `unary` and `stream` set the deadlines (and waiting for the server) of
  // the unary calls and of the Synthesize streams; their cancellers are
  // replaced by the renderer's own.
  Renderer(v1::PolicyReader::StubInterface* stub, RenderOptions options,
           rpc::CallOptions unary, rpc::CallOptions stream,
           ProgressCallback progress);

  // CANCELLED after Cancel(); otherwise the first error (Danish, naming the
  // file or the server's message).
  absl::StatusOr<RenderSummary> Run();

  // Stops the RPC in flight; Run() returns CANCELLED soon after.
  void Cancel();

 private:
  struct Job;
  absl::StatusOr<Job> Prepare(const std::string& path, bool is_document,
                              const std::string& text);
  absl::Status SynthesizeJob(const Job& job, const std::vector<size_t>& needed,
                             std::vector<Prompt>* wanted,
                             std::vector<Prompt>* done);
  absl::Status WritePrompt(Prompt* prompt, const std::string& audio);

  v1::PolicyReader::StubInterface* const stub_;
  const RenderOptions options_;
  rpc::CallCanceller canceller_;
  rpc::CallOptions unary_;
  rpc::CallOptions stream_;
  const ProgressCallback progress_;
  RenderProgress state_;
};

}  // namespace policyreader::render

#endif  // POLICY_READER_CLIENT_RENDER_RENDERER_H_
