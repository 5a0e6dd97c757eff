#include "client/listen/resume_store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "client/listen/navigation.h"
#include "service/tsv/tsv.h"

namespace policyreader::listen {
namespace {

constexpr size_t kMaxEntries = 500;

struct Entry {
  std::string key;
  size_t sentence = 0;
  uint64_t fingerprint = 0;
  double speed = 0;
  std::string line;  // As written, to write it back unchanged.
};

std::optional<Entry> ParseRow(const tsv::Row& row) {
  const std::vector<std::string_view>& fields = row.fields;
  Entry entry;
  if ((fields.size() != 3 && fields.size() != 4) || fields[0].empty() ||
      !absl::SimpleAtoi(absl::string_view(fields[1].data(), fields[1].size()),
                        &entry.sentence) ||
      !absl::SimpleHexAtoi(
          absl::string_view(fields[2].data(), fields[2].size()),
          &entry.fingerprint)) {
    return std::nullopt;  // A damaged line costs that document's place only.
  }
  // A damaged speed costs the speed only.
  if (fields.size() == 4 &&
      (!absl::SimpleAtod(absl::string_view(fields[3].data(), fields[3].size()),
                         &entry.speed) ||
       !(entry.speed >= std::begin(kSpeeds)[0] &&
         entry.speed <= std::end(kSpeeds)[-1]))) {
    entry.speed = 0;
  }
  entry.key = std::string(fields[0]);
  entry.line = std::string(row.text);
  return entry;
}

// The file's entries in order, most recent first; none if it cannot be read
// (nothing saved yet).
std::vector<Entry> ReadEntries(const std::string& path) {
  std::vector<Entry> entries;
  absl::StatusOr<std::string> contents = tsv::ReadFile(path);
  if (!contents.ok()) return entries;
  // A key is a path as given, so a '#' or a space at either end is part of
  // it; the width is checked by ParseRow, which skips rather than fails.
  tsv::Options options;
  options.comments = false;
  options.strip_fields = false;
  absl::StatusOr<tsv::Table> table =
      tsv::Reader(path, options).Parse(*contents);
  if (!table.ok()) return entries;
  for (const tsv::Row& row : table->rows) {
    std::optional<Entry> entry = ParseRow(row);
    if (entry.has_value()) entries.push_back(*std::move(entry));
  }
  return entries;
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

std::optional<ResumeStore::Place> ResumeStore::FindPlace(
    std::string_view key, const rpc::Outline& outline) const {
  if (path_.empty()) return std::nullopt;
  const std::string clean_key = CleanKey(key);
  for (const Entry& entry : ReadEntries(path_)) {
    if (entry.key != clean_key) continue;
    const auto& sentences = outline.sentences;
    if (entry.sentence < sentences.size() &&
        Fingerprint(sentences[entry.sentence].text) == entry.fingerprint) {
      return Place{entry.sentence, entry.speed};
    }
    for (size_t i = 0; i < sentences.size(); ++i) {
      if (Fingerprint(sentences[i].text) == entry.fingerprint) {
        return Place{i, entry.speed};
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<size_t> ResumeStore::Find(std::string_view key,
                                        const rpc::Outline& outline) const {
  const std::optional<Place> place = FindPlace(key, outline);
  if (!place.has_value()) return std::nullopt;
  return place->sentence;
}

absl::Status ResumeStore::Save(std::string_view key,
                               const rpc::Outline& outline, size_t sentence,
                               double speed) {
  if (sentence >= outline.sentences.size()) {
    return absl::OutOfRangeError("no such sentence");
  }
  std::string line =
      absl::StrCat(CleanKey(key), "\t", sentence, "\t",
                   absl::Hex(Fingerprint(outline.sentences[sentence].text)));
  if (speed > 0) absl::StrAppend(&line, "\t", speed);
  return Write(key, std::move(line));
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
  for (Entry& old : ReadEntries(path_)) {
    if (old.key == clean_key) continue;
    if (lines.size() >= kMaxEntries) break;
    lines.push_back(std::move(old.line));
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
