#include "client/listen/resume_store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace policyreader::listen {
namespace {

constexpr size_t kMaxEntries = 500;

struct Entry {
  std::string key;
  size_t sentence = 0;
  uint64_t fingerprint = 0;
};

std::optional<Entry> ParseLine(const std::string& line) {
  std::vector<std::string> fields = absl::StrSplit(line, '\t');
  Entry entry;
  if (fields.size() != 3 || fields[0].empty() ||
      !absl::SimpleAtoi(fields[1], &entry.sentence) ||
      !absl::SimpleHexAtoi(fields[2], &entry.fingerprint)) {
    return std::nullopt;  // A damaged line costs that document's place only.
  }
  entry.key = std::move(fields[0]);
  return entry;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Keys hold file paths; tabs and line breaks in them would break the line.
std::string CleanKey(std::string_view key) {
  std::string clean(key);
  for (char& c : clean) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return clean;
}

}  // namespace

uint64_t Fingerprint(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string ResumeStore::DefaultPath() {
  const char* state = std::getenv("XDG_STATE_HOME");
  std::filesystem::path base;
  if (state != nullptr && state[0] == '/') {
    base = state;
  } else if (const char* home = std::getenv("HOME");
             home != nullptr && home[0] != '\0') {
    base = std::filesystem::path(home) / ".local" / "state";
  } else {
    return "";
  }
  return (base / "policy-reader" / "positions.tsv").string();
}

std::optional<size_t> ResumeStore::Find(std::string_view key,
                                        const rpc::Outline& outline) const {
  if (path_.empty()) return std::nullopt;
  const std::string clean_key = CleanKey(key);
  for (const std::string& line : ReadLines(path_)) {
    std::optional<Entry> entry = ParseLine(line);
    if (!entry.has_value() || entry->key != clean_key) continue;
    const auto& sentences = outline.sentences;
    if (entry->sentence < sentences.size() &&
        Fingerprint(sentences[entry->sentence].text) == entry->fingerprint) {
      return entry->sentence;
    }
    for (size_t i = 0; i < sentences.size(); ++i) {
      if (Fingerprint(sentences[i].text) == entry->fingerprint) return i;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

absl::Status ResumeStore::Save(std::string_view key, const rpc::Outline& outline,
                               size_t sentence) {
  if (sentence >= outline.sentences.size()) {
    return absl::OutOfRangeError("no such sentence");
  }
  return Write(key, absl::StrCat(CleanKey(key), "\t", sentence, "\t",
                                 absl::Hex(Fingerprint(
                                     outline.sentences[sentence].text))));
}

absl::Status ResumeStore::Forget(std::string_view key) {
  return Write(key, std::nullopt);
}

absl::Status ResumeStore::Write(std::string_view key,
                                std::optional<std::string> line) const {
  if (path_.empty()) {
    return absl::FailedPreconditionError(
        "neither XDG_STATE_HOME nor HOME is set");
  }
  const std::string clean_key = CleanKey(key);
  // Most recent first, so trimming drops the documents not heard longest.
  std::vector<std::string> lines;
  if (line.has_value()) lines.push_back(*std::move(line));
  for (std::string& old : ReadLines(path_)) {
    std::optional<Entry> entry = ParseLine(old);
    if (!entry.has_value() || entry->key == clean_key) continue;
    if (lines.size() >= kMaxEntries) break;
    lines.push_back(std::move(old));
  }
  const std::filesystem::path path(path_);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const std::string temporary = absl::StrCat(path_, ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const std::string& l : lines) out << l << '\n';
    out.flush();
    if (!out) {
      return absl::UnavailableError(
          absl::StrCat("cannot write '", temporary, "'"));
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot replace '", path_, "': ", ec.message()));
  }
  return absl::OkStatus();
}

}  // namespace policyreader::listen
