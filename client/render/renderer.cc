#include "client/render/renderer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/input/text_input.h"
#include "client/rpc/outline.h"
#include "client/rpc/speech_stream.h"
#include "service/audio/wav.h"

namespace policyreader::render {
namespace {

namespace fs = std::filesystem;

std::string LowerExtension(const fs::path& path) {
  std::string extension = path.extension().string();
  return absl::AsciiStrToLower(extension);
}

bool IsPolicyFile(const fs::path& path) {
  const std::string extension = LowerExtension(path);
  return extension == ".txt" || extension == ".md" || extension == ".html" ||
         extension == ".htm";
}

audio::Encoding ToAudioEncoding(v1::AudioEncoding encoding) {
  switch (encoding) {
    case v1::ALAW:
      return audio::Encoding::kAlaw;
    case v1::MULAW:
      return audio::Encoding::kMulaw;
    default:
      return audio::Encoding::kLinear16;
  }
}

// The partial manifest after a failed or interrupted run: the old entries
// (their files are untouched, or were replaced whole by a finished prompt),
// with finished prompts in place of the entries they replaced.
std::vector<Prompt> Merge(const std::vector<Prompt>& old,
                          const std::vector<Prompt>& done) {
  std::map<std::string, Prompt> by_file;
  for (const Prompt& p : old) by_file[p.file] = p;
  for (const Prompt& p : done) by_file[p.file] = p;
  std::vector<Prompt> merged;
  for (auto& [file, prompt] : by_file) merged.push_back(std::move(prompt));
  return merged;
}

}  // namespace

struct Renderer::Job {
  Source source;
  rpc::TextSource input;
};

namespace {

// The server's message, with the input it was about.
absl::Status About(const Source& source, const absl::Status& error) {
  if (error.code() == absl::StatusCode::kCancelled) return error;
  return absl::Status(error.code(),
                      absl::StrCat(source.origin, ": ", error.message()));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ExpandInputPaths(
    const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      return absl::NotFoundError(
          absl::StrCat("Kan ikke læse ", path, ": findes ikke"));
    }
    if (!fs::is_directory(status)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && IsPolicyFile(entry.path())) {
        found.push_back(entry.path().string());
      }
    }
    if (ec) {
      return absl::InvalidArgumentError(
          absl::StrCat("Kan ikke læse mappen ", path, ": ", ec.message()));
    }
    if (found.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Mappen ", path, " har ingen .txt-, .md- eller .html-filer"));
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

Renderer::Renderer(v1::PolicyReader::StubInterface* stub, RenderOptions options,
                   rpc::CallOptions unary, rpc::CallOptions stream,
                   ProgressCallback progress)
    : stub_(stub),
      options_(std::move(options)),
      unary_(unary),
      stream_(stream),
      progress_(std::move(progress)) {
  unary_.canceller = &canceller_;
  stream_.canceller = &canceller_;
}

void Renderer::Cancel() { canceller_.CancelAll(); }

absl::StatusOr<Renderer::Job> Renderer::Prepare(const std::string& input,
                                                bool is_document,
                                                const std::string& text) {
  Job job;
  google::protobuf::RepeatedPtrField<v1::Sentence> sentences;
  if (is_document) {
    job.input.document_id = input;
    job.source.id = SourceId(input);
    job.source.origin = absl::StrCat("doc:", input);
    absl::StatusOr<v1::Document> document = rpc::GetReadableDocument(
        stub_, input, /*include_sentences=*/true, unary_);
    if (document.status().code() == absl::StatusCode::kFailedPrecondition) {
      return document.status();  // Names the document already.
    }
    if (!document.ok()) return About(job.source, document.status());
    sentences = std::move(*document->mutable_sentences());
  } else {
    if (input.empty()) {
      job.input.text = text;
      job.source.id = "tekst";
      job.source.origin = "--text";
    } else {
      absl::StatusOr<std::string> content = input::ReadTextFile(input);
      if (!content.ok()) return content.status();
      job.input.text = *std::move(content);
      // An extension names a format ResolveTextFormat knows, or none.
      job.input.format =
          input::ResolveTextFormat("", input).value_or(v1::TEXT_FORMAT_PLAIN);
      job.source.id = SourceId(fs::path(input).stem().string());
      job.source.origin = input;
    }
    v1::SegmentRequest request;
    request.set_text(job.input.text);
    request.set_format(job.input.format);
    absl::StatusOr<v1::SegmentResponse> response =
        rpc::Segment(stub_, request, unary_);
    if (!response.ok()) return About(job.source, response.status());
    sentences = std::move(*response->mutable_sentences());
  }
  for (const v1::Sentence& sentence : sentences) {
    job.source.sentences.push_back(FromProto(sentence));
  }
  return job;
}

absl::Status Renderer::WritePrompt(Prompt* prompt, const std::string& audio) {
  const PromptFormat& format = options_.format;
  const audio::Encoding encoding = ToAudioEncoding(format.encoding);
  std::string bytes;
  if (format.wav) {
    if (audio.size() > UINT32_MAX - 1024) {
      return absl::OutOfRangeError(
          absl::StrCat(prompt->file, " er for lang til en WAV-fil"));
    }
    bytes = audio::WavHeader(
        {.encoding = encoding,
         .sample_rate_hz = static_cast<int>(format.sample_rate_hz)},
        static_cast<uint32_t>(audio.size()));
  }
  bytes += audio;
  absl::Status status = WriteFileAtomically(
      (fs::path(options_.out_dir) / prompt->file).string(), bytes);
  if (!status.ok()) return status;
  const uint64_t samples = audio.size() / audio::BytesPerSample(encoding);
  prompt->duration_ms = static_cast<uint64_t>(std::llround(
      static_cast<double>(samples) * 1000.0 / format.sample_rate_hz));
  prompt->bytes = bytes.size();
  return absl::OkStatus();
}

absl::Status Renderer::SynthesizeJob(const Job& job,
                                     const std::vector<size_t>& needed,
                                     std::vector<Prompt>* wanted,
                                     std::vector<Prompt>* done) {
  // Which prompt each needed sentence belongs to; prompts are runs of
  // consecutive sentences.
  std::map<uint32_t, size_t> prompt_of;
  std::set<uint32_t> remaining;
  for (size_t index : needed) {
    const Prompt& prompt = (*wanted)[index];
    for (uint32_t s = prompt.first_sentence; s <= prompt.last_sentence; ++s) {
      prompt_of[s] = index;
      remaining.insert(s);
    }
  }
  std::map<uint32_t, const SourceSentence*> sentence_by_index;
  for (const SourceSentence& s : job.source.sentences) {
    sentence_by_index[s.index] = &s;
  }
  const PromptFormat& format = options_.format;
  const int bytes_per_sample =
      audio::BytesPerSample(ToAudioEncoding(format.encoding));
  std::string prompt_audio;  // Of the prompt being cut.

  v1::SynthesizeRequest request;
  rpc::SetInput(job.input, &request);
  request.set_voice(options_.voice);
  v1::AudioConfig* audio_config = request.mutable_audio();
  audio_config->set_encoding(format.encoding);
  audio_config->set_sample_rate_hz(format.sample_rate_hz);
  audio_config->set_speaking_rate(options_.speaking_rate);
  rpc::SpeechStream speech(stub_, {.call = stream_});

  while (!remaining.empty()) {
    request.set_start_sentence(*remaining.begin());
    speech.Start(request);
    absl::Status local;
    bool stopped = false;  // We cancelled: the rest is not needed.
    // The sentence whose audio is arriving, if any.
    bool in_sentence = false;
    uint32_t current = 0;
    std::string sentence_audio;
    prompt_audio.clear();
    // Handles one mark; the audio before it has been added.
    const auto on_mark = [&](const rpc::SpeechMark& mark) {
      if (mark.kind == rpc::SpeechMark::Kind::kSentenceStart) {
        if (!remaining.contains(mark.sentence)) {
          // A sentence we have: go on in a new stream at the next needed
          // one (or stop here if there is none).
          stopped = true;
          return;
        }
        auto known = sentence_by_index.find(mark.sentence);
        if (known == sentence_by_index.end() ||
            known->second->spoken_text != mark.spoken_text) {
          local = absl::FailedPreconditionError(
              absl::StrCat(job.source.origin,
                           " ændrede sig på serveren under kørslen; kør igen"));
          return;
        }
        in_sentence = true;
        current = mark.sentence;
        sentence_audio.clear();
        return;
      }
      if (!in_sentence || mark.sentence != current) return;
      if (mark.audio_samples != 0 &&
          mark.audio_samples != sentence_audio.size() / bytes_per_sample) {
        local = absl::InternalError(absl::StrCat(
            "Sætning ", mark.sentence, " i ", job.source.origin, ": serveren ",
            "meldte ", mark.audio_samples, " samples, men sendte ",
            sentence_audio.size() / bytes_per_sample));
        return;
      }
      prompt_audio += sentence_audio;
      sentence_audio.clear();
      in_sentence = false;
      remaining.erase(mark.sentence);
      ++state_.done;
      Prompt& prompt = (*wanted)[prompt_of[mark.sentence]];
      if (mark.sentence == prompt.last_sentence) {
        local = WritePrompt(&prompt, prompt_audio);
        prompt_audio.clear();
        if (local.ok()) done->push_back(prompt);
      }
      if (progress_) progress_(state_);
      if (remaining.empty()) stopped = true;
    };
    while (local.ok() && !stopped) {
      speech.WaitForData();
      const rpc::SpeechStream::Chunk chunk = speech.Take();
      uint64_t at = chunk.offset;  // Stream byte added up to.
      const auto add_audio_to = [&](uint64_t byte) {
        if (in_sentence) {
          sentence_audio.append(chunk.audio, at - chunk.offset, byte - at);
        }
        at = byte;
      };
      for (const rpc::SpeechMark& mark : chunk.marks) {
        add_audio_to(mark.byte);
        on_mark(mark);
        if (!local.ok() || stopped) break;
      }
      if (local.ok() && !stopped)
        add_audio_to(chunk.offset + chunk.audio.size());
      if (speech.state().drained) break;
    }
    speech.Cancel();
    if (canceller_.cancelled()) return absl::CancelledError("Afbrudt");
    if (!local.ok()) return local;
    const absl::Status status = speech.state().status;
    if (!stopped && !status.ok()) return About(job.source, status);
    if (!stopped && !remaining.empty()) {
      return absl::InternalError(
          absl::StrCat(job.source.origin, ": serveren sluttede før sætning ",
                       *remaining.begin()));
    }
    // A prompt cut off by the restart starts again from its first sentence.
    if (in_sentence || !prompt_audio.empty()) {
      return absl::InternalError("Intern fejl: en prompt blev afbrudt");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<RenderSummary> Renderer::Run() {
  RenderSummary summary;
  absl::StatusOr<std::vector<std::string>> files =
      ExpandInputPaths(options_.paths);
  if (!files.ok()) return files.status();

  // Read and segment everything first: a bad input stops the run before any
  // prompt changes.
  std::vector<Job> jobs;
  std::map<std::string, std::string> origin_of_id;
  auto add = [&](absl::StatusOr<Job> job) -> absl::Status {
    if (!job.ok()) return job.status();
    auto [it, inserted] =
        origin_of_id.emplace(job->source.id, job->source.origin);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(
          it->second, " og ", job->source.origin, " får begge navnet \"",
          job->source.id, "\"; omdøb den ene eller render dem hver for sig"));
    }
    jobs.push_back(*std::move(job));
    return absl::OkStatus();
  };
  for (const std::string& file : *files) {
    if (absl::Status s = add(Prepare(file, false, "")); !s.ok()) return s;
  }
  if (!options_.document_id.empty()) {
    absl::Status s = add(Prepare(options_.document_id, true, ""));
    if (!s.ok()) return s;
  }
  if (!options_.text.empty()) {
    if (absl::Status s = add(Prepare("", false, options_.text)); !s.ok()) {
      return s;
    }
  }

  const KeyParams params{.voice = options_.voice,
                         .speaking_rate = options_.speaking_rate > 0
                                              ? options_.speaking_rate
                                              : 1.0,
                         .format = options_.format.name,
                         .sample_rate_hz = options_.format.sample_rate_hz,
                         .split = options_.split};
  std::vector<Prompt> wanted;
  std::vector<size_t> first_of_job;  // Index in `wanted` per job, plus end.
  std::set<std::string> ids;
  for (const Job& job : jobs) {
    first_of_job.push_back(wanted.size());
    ids.insert(job.source.id);
    if (job.source.sentences.empty()) {
      summary.warnings.push_back(
          absl::StrCat(job.source.origin, " har intet at læse op"));
    }
    for (Prompt& p :
         GroupPrompts(job.source, options_.format, options_.split, params)) {
      wanted.push_back(std::move(p));
    }
  }
  first_of_job.push_back(wanted.size());

  std::error_code ec;
  fs::create_directories(options_.out_dir, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat(
        "Kan ikke oprette mappen ", options_.out_dir, ": ", ec.message()));
  }
  const std::string manifest_path =
      (fs::path(options_.out_dir) / kManifestName).string();
  absl::StatusOr<Manifest> old = ReadManifest(manifest_path);
  if (!old.ok()) {
    if (old.status().code() != absl::StatusCode::kInvalidArgument) {
      return old.status();
    }
    summary.warnings.push_back(
        absl::StrCat(old.status().message(), "; alle prompter laves forfra"));
    old = Manifest();
  }
  const RenderPlan plan =
      PlanRender(old->prompts, wanted, ids, options_.prune, options_.force,
                 [&](const std::string& file) -> int64_t {
                   std::error_code size_error;
                   const uintmax_t size = fs::file_size(
                       fs::path(options_.out_dir) / file, size_error);
                   return size_error ? -1 : static_cast<int64_t>(size);
                 });

  std::vector<std::vector<size_t>> needed(jobs.size());
  for (size_t index : plan.synthesize) {
    const size_t job =
        std::upper_bound(first_of_job.begin(), first_of_job.end(), index) -
        first_of_job.begin() - 1;
    needed[job].push_back(index);
    state_.total +=
        wanted[index].last_sentence - wanted[index].first_sentence + 1;
  }
  Manifest next{.voice = options_.voice,
                .format = options_.format.name,
                .split = std::string(SplitName(options_.split)),
                .prompts = {}};
  std::vector<Prompt> done;
  for (size_t j = 0; j < jobs.size(); ++j) {
    state_.source = jobs[j].source.origin;
    state_.source_done = false;
    absl::Status status =
        needed[j].empty() ? absl::OkStatus()
                          : SynthesizeJob(jobs[j], needed[j], &wanted, &done);
    if (!status.ok()) {
      next.prompts = Merge(old->prompts, done);
      absl::Status saved = WriteManifest(manifest_path, next);
      if (!saved.ok()) {
        return absl::Status(status.code(), absl::StrCat(status.message(), "; ",
                                                        saved.message()));
      }
      return status;
    }
    state_.source_done = true;
    if (progress_) progress_(state_);
  }

  for (auto [index, old_index] : plan.unchanged) {
    wanted[index].duration_ms = old->prompts[old_index].duration_ms;
    wanted[index].bytes = old->prompts[old_index].bytes;
  }
  next.prompts = wanted;
  for (size_t index : plan.keep) next.prompts.push_back(old->prompts[index]);
  // The manifest first: should removing fail half way, it already no longer
  // lists the files, and they are mere leftovers.
  if (absl::Status s = WriteManifest(manifest_path, next); !s.ok()) return s;
  for (size_t index : plan.remove) {
    const fs::path file = fs::path(options_.out_dir) / old->prompts[index].file;
    std::error_code remove_error;
    fs::remove(file, remove_error);
    if (remove_error) {
      summary.warnings.push_back(absl::StrCat("Kan ikke fjerne ", file.string(),
                                              ": ", remove_error.message()));
      continue;
    }
    // A source's folder goes with its last prompt.
    const fs::path folder = file.parent_path();
    if (folder != fs::path(options_.out_dir) &&
        fs::is_empty(folder, remove_error) && !remove_error) {
      fs::remove(folder, remove_error);
    }
  }
  summary.prompts = wanted.size();
  summary.synthesized = plan.synthesize.size();
  summary.unchanged = plan.unchanged.size();
  summary.removed = plan.remove.size();
  summary.sentences_synthesized = state_.done;
  return summary;
}

}  // namespace policyreader::render
