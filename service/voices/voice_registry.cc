// Parsing and lookup of voice profiles; see voice_registry.h.
#include "service/voices/voice_registry.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "service/tsv/tsv.h"

namespace policyreader::voices {
namespace {

constexpr int kColumns = 8;
constexpr std::string_view kHeader = "name";

// Debian's Abseil has its own string_view type; bridge explicitly.
absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace

absl::StatusOr<VoiceRegistry> VoiceRegistry::LoadFromFile(
    const std::string& path) {
  absl::StatusOr<std::string> contents = tsv::ReadFile(path);
  if (!contents.ok()) {
    return absl::NotFoundError(
        absl::StrCat("cannot read voice profiles from ", path,
                     "; point --voices at the project's voices/ folder"));
  }
  tsv::Options options;
  options.columns = kColumns;
  options.line_style = tsv::LineStyle::kWord;
  const tsv::Reader reader(path, options);
  absl::StatusOr<tsv::Table> table = reader.Parse(*contents);
  if (!table.ok()) return table.status();
  std::vector<VoiceProfile> profiles;
  for (const tsv::Row& row : table->rows) {
    const std::vector<std::string_view>& cols = row.fields;
    // The header is optional, so it is known by its first column.
    if (cols[0] == kHeader) continue;
    VoiceProfile p;
    p.name = std::string(cols[0]);
    p.language = std::string(cols[1]);
    p.espeak_voice = std::string(cols[2]);
    if (!absl::SimpleAtoi(AsAbsl(cols[3]), &p.rate_wpm) || p.rate_wpm < 80 ||
        p.rate_wpm > 450) {
      return reader.LineError(row.line,
                              "rate_wpm must be a whole number from 80 to 450");
    }
    if (!absl::SimpleAtoi(AsAbsl(cols[4]), &p.pitch) || p.pitch < 0 ||
        p.pitch > 100) {
      return reader.LineError(row.line,
                              "pitch must be a whole number from 0 to 100");
    }
    if (cols[5] != "yes" && cols[5] != "no") {
      return reader.LineError(row.line, "default must be yes or no");
    }
    p.is_default = cols[5] == "yes";
    if (cols[6] != "yes" && cols[6] != "no") {
      return reader.LineError(row.line, "telephone must be yes or no");
    }
    p.telephone = cols[6] == "yes";
    p.description = std::string(cols[7]);
    profiles.push_back(std::move(p));
  }
  absl::StatusOr<VoiceRegistry> registry = FromProfiles(std::move(profiles));
  if (!registry.ok()) {
    return reader.FileError(std::string(registry.status().message()));
  }
  return registry;
}

absl::StatusOr<VoiceRegistry> VoiceRegistry::FromProfiles(
    std::vector<VoiceProfile> profiles) {
  if (profiles.empty()) {
    return absl::InvalidArgumentError("no voice profiles defined");
  }
  int defaults = 0;
  for (size_t i = 0; i < profiles.size(); ++i) {
    const VoiceProfile& p = profiles[i];
    if (p.name.empty() || p.espeak_voice.empty()) {
      return absl::InvalidArgumentError(
          "every voice needs a name and an eSpeak voice");
    }
    // The eSpeak voice name goes to the worker as-is; keep it to the
    // characters voice and variant names use.
    for (char c : p.espeak_voice) {
      if (!(absl::ascii_isalnum(c) || c == '+' || c == '-' || c == '_' ||
            c == '/')) {
        return absl::InvalidArgumentError(
            absl::StrCat("voice ", p.name, ": eSpeak voice '", p.espeak_voice,
                         "' has characters outside [A-Za-z0-9+_/-]"));
      }
    }
    for (size_t j = 0; j < i; ++j) {
      if (profiles[j].name == p.name) {
        return absl::InvalidArgumentError(
            absl::StrCat("voice ", p.name, " is defined twice"));
      }
    }
    defaults += p.is_default ? 1 : 0;
  }
  if (defaults != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "exactly one voice must be the default; found ", defaults));
  }
  return VoiceRegistry(std::move(profiles));
}

absl::StatusOr<const VoiceProfile*> VoiceRegistry::Find(
    std::string_view name) const {
  for (const VoiceProfile& p : voices_) {
    if (name.empty() ? p.is_default : p.name == name) return &p;
  }
  std::vector<std::string> names;
  for (const VoiceProfile& p : voices_) names.push_back(p.name);
  return absl::NotFoundError(
      absl::StrCat("unknown voice '", std::string(name),
                   "'; available voices: ", absl::StrJoin(names, ", ")));
}

}  // namespace policyreader::voices
