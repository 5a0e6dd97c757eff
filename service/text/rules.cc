#include "service/text/rules.h"

#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "service/text/chars.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

constexpr std::string_view kAbbreviationsFile = "abbreviations.tsv";
constexpr std::string_view kOrdinalFollowersFile = "ordinal_followers.txt";
constexpr std::string_view kClauseConjunctionsFile = "clause_conjunctions.txt";
constexpr std::string_view kLeadInEndingsFile = "lead_in_endings.txt";
constexpr std::string_view kNameTitlesFile = "name_titles.txt";
constexpr std::string_view kLinkOpenersFile = "link_openers.txt";
constexpr std::string_view kListItemOpenersFile = "list_item_openers.txt";
constexpr std::string_view kRomanContextsFile = "roman_contexts.txt";
constexpr std::string_view kWebChromeFile = "web_chrome.txt";
constexpr std::string_view kAbbreviationsHeader =
    "written\tspoken\tends_sentence";
constexpr std::string_view kUnitsFile = "units.tsv";
constexpr std::string_view kUnitsHeader = "written\tgender\tone\tmany\tplace";
constexpr std::string_view kSymbolsFile = "symbols.tsv";
constexpr std::string_view kAcronymsFile = "acronyms.tsv";
constexpr std::string_view kLettersFile = "letters.tsv";
constexpr std::string_view kLexiconFile = "lexicon.tsv";
constexpr std::string_view kWrittenSpokenHeader = "written\tspoken";
constexpr std::string_view kLettersHeader = "letter\tspoken";
constexpr std::string_view kNeuterNounsFile = "neuter_nouns.txt";
constexpr std::string_view kNumberCuesFile = "number_cues.tsv";
constexpr std::string_view kNumberCuesHeader = "written\tcue\tspoken";

struct CueValue {
  std::string_view written;
  NumberCue cue;
};
constexpr CueValue kCueValues[] = {{"label", NumberCue::kLabel},
                                   {"time", NumberCue::kTime},
                                   {"date", NumberCue::kDate},
                                   {"phone", NumberCue::kPhone},
                                   {"id", NumberCue::kId}};
// The spoken column's "leave the word as written".
constexpr std::string_view kKeepWritten = "-";

struct GenderValue {
  std::string_view written;
  bool neuter;
};
constexpr GenderValue kGenderValues[] = {{"en", false}, {"et", true}};

struct PlaceValue {
  std::string_view written;
  bool may_precede;
};
constexpr PlaceValue kPlaceValues[] = {{"after", false}, {"both", true}};

struct EndsSentenceValue {
  std::string_view written;
  bool never_ends_sentence;
};

constexpr EndsSentenceValue kEndsSentenceValues[] = {
    {"no", true},
    {"maybe", false},
};

// Debian's Abseil has its own string_view type; bridge explicitly.
absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
         c == '\v';
}

std::string_view StripSpaces(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (true) {
    const size_t end = s.find(separator, begin);
    if (end == std::string_view::npos) {
      parts.push_back(s.substr(begin));
      return parts;
    }
    parts.push_back(s.substr(begin, end - begin));
    begin = end + 1;
  }
}

std::string JoinPath(const std::string& dir, std::string_view file) {
  if (dir.empty()) return std::string(file);
  if (dir.back() == '/') return absl::StrCat(dir, AsAbsl(file));
  return absl::StrCat(dir, "/", AsAbsl(file));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot open ", path));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    return absl::UnavailableError(absl::StrCat("cannot read ", path));
  }
  return contents.str();
}

bool FileExists(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return static_cast<bool>(in);
}

absl::Status LineError(const std::string& path, size_t line_number,
                       std::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, " line ", line_number, ": ", AsAbsl(message)));
}

// Calls `handle(line_number, line)` for each line that is neither blank nor
// a comment, with the line's trailing CR and surrounding spaces removed.
absl::Status ForEachDataLine(
    const std::string& path, std::string_view contents,
    const std::function<absl::Status(size_t, std::string_view)>& handle) {
  size_t line_number = 0;
  for (std::string_view line : Split(contents, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (FindInvalidUtf8(line) != std::string_view::npos) {
      return LineError(path, line_number, "not valid UTF-8");
    }
    const std::string_view stripped = StripSpaces(line);
    if (stripped.empty() || stripped.front() == '#') continue;
    absl::Status status = handle(line_number, line);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status ParseAbbreviations(const std::string& path,
                                std::string_view contents,
                                LanguageRules* rules) {
  bool seen_header = false;
  absl::flat_hash_map<std::string, size_t> first_line;
  absl::Status status = ForEachDataLine(
      path, contents,
      [&](size_t line_number, std::string_view line) -> absl::Status {
        if (!seen_header) {
          if (StripSpaces(line) != kAbbreviationsHeader) {
            return LineError(path, line_number,
                             "expected the header "
                             "\"written<TAB>spoken<TAB>ends_sentence\"");
          }
          seen_header = true;
          return absl::OkStatus();
        }
        const std::vector<std::string_view> columns = Split(line, '\t');
        if (columns.size() != 3) {
          return LineError(
              path, line_number,
              absl::StrCat("expected 3 tab-separated columns (written, "
                           "spoken, ends_sentence), found ",
                           columns.size()));
        }
        const std::string_view written = StripSpaces(columns[0]);
        const std::string_view spoken = StripSpaces(columns[1]);
        const std::string_view ends = StripSpaces(columns[2]);
        if (written.empty() || spoken.empty()) {
          return LineError(path, line_number,
                           "the written and spoken columns must not be empty");
        }
        if (written.size() > kMaxAbbreviationBytes) {
          return LineError(path, line_number,
                           absl::StrCat("written form is longer than ",
                                        kMaxAbbreviationBytes, " bytes"));
        }
        for (const char c : written) {
          if (IsAsciiSpace(c)) {
            return LineError(
                path, line_number,
                absl::StrCat("written form \"", AsAbsl(written),
                             "\" must be one word without spaces"));
          }
        }
        const EndsSentenceValue* value = nullptr;
        for (const EndsSentenceValue& candidate : kEndsSentenceValues) {
          if (candidate.written == ends) value = &candidate;
        }
        if (value == nullptr) {
          return LineError(path, line_number,
                           absl::StrCat("ends_sentence must be \"no\" or "
                                        "\"maybe\", found \"",
                                        AsAbsl(ends), "\""));
        }
        const auto [it, inserted] =
            first_line.emplace(std::string(written), line_number);
        if (!inserted) {
          return LineError(
              path, line_number,
              absl::StrCat("duplicate abbreviation \"", AsAbsl(written),
                           "\" (first on line ", it->second, ")"));
        }
        rules->abbreviations[std::string(written)] =
            Abbreviation{std::string(spoken), value->never_ends_sentence};
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  if (!seen_header) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": missing the header line "
                     "\"written<TAB>spoken<TAB>ends_sentence\""));
  }
  return absl::OkStatus();
}

// One lower-cased word a line.
absl::Status ParseWordList(const std::string& path, std::string_view contents,
                           const std::function<void(std::string)>& add) {
  return ForEachDataLine(
      path, contents,
      [&](size_t line_number, std::string_view line) -> absl::Status {
        const std::string_view word = StripSpaces(line);
        for (const char c : word) {
          if (IsAsciiSpace(c)) {
            return LineError(path, line_number,
                             absl::StrCat("expected one word, found \"",
                                          AsAbsl(word), "\""));
          }
        }
        add(LowerCase(word));
        return absl::OkStatus();
      });
}

// One phrase a line, compared by PhraseKey.
absl::Status LoadPhraseList(const std::string& path,
                            absl::flat_hash_set<std::string>* phrases) {
  if (!FileExists(path)) return absl::OkStatus();
  absl::StatusOr<std::string> contents = ReadFile(path);
  if (!contents.ok()) return contents.status();
  return ForEachDataLine(
      path, *contents,
      [&](size_t line_number, std::string_view line) -> absl::Status {
        std::string key = PhraseKey(line);
        if (!phrases->insert(key).second) {
          return LineError(path, line_number,
                           absl::StrCat("\"", key, "\" is listed twice"));
        }
        return absl::OkStatus();
      });
}

absl::Status LoadWordList(const std::string& path, bool required,
                          const std::function<void(std::string)>& add) {
  if (!required && !FileExists(path)) return absl::OkStatus();
  absl::StatusOr<std::string> contents = ReadFile(path);
  if (!contents.ok()) return contents.status();
  return ParseWordList(path, *contents, add);
}

// A table with a header line naming its columns; `add` gets each row's
// stripped columns (never empty ones).
using RowHandler = std::function<absl::Status(
    size_t line_number, const std::vector<std::string_view>& columns)>;

absl::Status ParseTable(const std::string& path, std::string_view contents,
                        std::string_view header, const RowHandler& add) {
  const size_t column_count = Split(header, '\t').size();
  bool seen_header = false;
  absl::Status status = ForEachDataLine(
      path, contents,
      [&](size_t line_number, std::string_view line) -> absl::Status {
        if (!seen_header) {
          if (StripSpaces(line) != header) {
            return LineError(
                path, line_number,
                absl::StrCat("expected the header \"", AsAbsl(header), "\""));
          }
          seen_header = true;
          return absl::OkStatus();
        }
        std::vector<std::string_view> columns = Split(line, '\t');
        if (columns.size() != column_count) {
          return LineError(
              path, line_number,
              absl::StrCat("expected ", column_count,
                           " tab-separated columns, found ", columns.size()));
        }
        for (std::string_view& column : columns) {
          column = StripSpaces(column);
          if (column.empty()) {
            return LineError(path, line_number, "empty column");
          }
        }
        return add(line_number, columns);
      });
  if (!status.ok()) return status;
  if (!seen_header) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": missing the header line \"", AsAbsl(header), "\""));
  }
  return absl::OkStatus();
}

// Rejects a second row for the same key, naming the first.
class DuplicateCheck {
 public:
  absl::Status Add(const std::string& path, size_t line_number,
                   std::string_view key) {
    const auto [it, inserted] = first_line_.emplace(key, line_number);
    if (inserted) return absl::OkStatus();
    return LineError(path, line_number,
                     absl::StrCat("duplicate entry \"", AsAbsl(key),
                                  "\" (first on line ", it->second, ")"));
  }

 private:
  absl::flat_hash_map<std::string, size_t> first_line_;
};

absl::Status ParseWrittenSpoken(
    const std::string& path, std::string_view contents, std::string_view header,
    size_t max_written_bytes,
    absl::flat_hash_map<std::string, std::string>* table) {
  DuplicateCheck duplicates;
  return ParseTable(
      path, contents, header,
      [&](size_t line_number,
          const std::vector<std::string_view>& columns) -> absl::Status {
        if (columns[0].size() > max_written_bytes) {
          return LineError(path, line_number,
                           absl::StrCat("written form is longer than ",
                                        max_written_bytes, " bytes"));
        }
        absl::Status status = duplicates.Add(path, line_number, columns[0]);
        if (!status.ok()) return status;
        (*table)[std::string(columns[0])] = std::string(columns[1]);
        return absl::OkStatus();
      });
}

absl::Status ParseUnits(const std::string& path, std::string_view contents,
                        absl::flat_hash_map<std::string, Unit>* units) {
  DuplicateCheck duplicates;
  return ParseTable(
      path, contents, kUnitsHeader,
      [&](size_t line_number,
          const std::vector<std::string_view>& columns) -> absl::Status {
        if (columns[0].size() > kMaxUnitBytes) {
          return LineError(
              path, line_number,
              absl::StrCat("unit is longer than ", kMaxUnitBytes, " bytes"));
        }
        const GenderValue* gender = nullptr;
        for (const GenderValue& candidate : kGenderValues) {
          if (candidate.written == columns[1]) gender = &candidate;
        }
        if (gender == nullptr) {
          return LineError(path, line_number,
                           absl::StrCat("gender must be \"en\" or \"et\", "
                                        "found \"",
                                        AsAbsl(columns[1]), "\""));
        }
        const PlaceValue* place = nullptr;
        for (const PlaceValue& candidate : kPlaceValues) {
          if (candidate.written == columns[4]) place = &candidate;
        }
        if (place == nullptr) {
          return LineError(path, line_number,
                           absl::StrCat("place must be \"after\" or "
                                        "\"both\", found \"",
                                        AsAbsl(columns[4]), "\""));
        }
        absl::Status status = duplicates.Add(path, line_number, columns[0]);
        if (!status.ok()) return status;
        (*units)[std::string(columns[0])] =
            Unit{std::string(columns[2]), std::string(columns[3]),
                 gender->neuter, place->may_precede};
        return absl::OkStatus();
      });
}

absl::Status ParseNumberCues(
    const std::string& path, std::string_view contents,
    absl::flat_hash_map<std::string, NumberCueRule>* cues) {
  DuplicateCheck duplicates;
  return ParseTable(
      path, contents, kNumberCuesHeader,
      [&](size_t line_number,
          const std::vector<std::string_view>& columns) -> absl::Status {
        const CueValue* cue = nullptr;
        for (const CueValue& candidate : kCueValues) {
          if (candidate.written == columns[1]) cue = &candidate;
        }
        if (cue == nullptr) {
          return LineError(path, line_number,
                           absl::StrCat("cue must be label, time, date or "
                                        "phone, found \"",
                                        AsAbsl(columns[1]), "\""));
        }
        const std::string written = LowerCase(columns[0]);
        absl::Status status = duplicates.Add(path, line_number, written);
        if (!status.ok()) return status;
        (*cues)[written] = NumberCueRule{
            cue->cue, columns[2] == kKeepWritten ? std::string()
                                                 : std::string(columns[2])};
        return absl::OkStatus();
      });
}

// Optional file: absent is fine, unreadable or malformed is not.
absl::Status LoadOptional(
    const std::string& path,
    const std::function<absl::Status(std::string_view contents)>& parse) {
  if (!FileExists(path)) return absl::OkStatus();
  absl::StatusOr<std::string> contents = ReadFile(path);
  if (!contents.ok()) return contents.status();
  return parse(*contents);
}

absl::Status LoadNormalizerTables(const std::string& dir,
                                  LanguageRules* rules) {
  struct SpokenTable {
    std::string_view file;
    std::string_view header;
    size_t max_written_bytes;
    absl::flat_hash_map<std::string, std::string>* table;
  };
  const SpokenTable spoken_tables[] = {
      {kSymbolsFile, kWrittenSpokenHeader, 8, &rules->symbols},
      {kAcronymsFile, kWrittenSpokenHeader, kMaxAbbreviationBytes,
       &rules->acronyms},
      {kLettersFile, kLettersHeader, 4, &rules->letters},
      {kLexiconFile, kWrittenSpokenHeader, kMaxAbbreviationBytes,
       &rules->lexicon},
  };
  for (const SpokenTable& spoken : spoken_tables) {
    const std::string path = JoinPath(dir, spoken.file);
    absl::Status status = LoadOptional(path, [&](std::string_view contents) {
      return ParseWrittenSpoken(path, contents, spoken.header,
                                spoken.max_written_bytes, spoken.table);
    });
    if (!status.ok()) return status;
  }
  const std::string units_path = JoinPath(dir, kUnitsFile);
  absl::Status status =
      LoadOptional(units_path, [&](std::string_view contents) {
        return ParseUnits(units_path, contents, &rules->units);
      });
  if (!status.ok()) return status;
  status = LoadWordList(
      JoinPath(dir, kNeuterNounsFile), false,
      [&](std::string word) { rules->neuter_nouns.insert(std::move(word)); });
  if (!status.ok()) return status;
  const std::string cues_path = JoinPath(dir, kNumberCuesFile);
  return LoadOptional(cues_path, [&](std::string_view contents) {
    return ParseNumberCues(cues_path, contents, &rules->number_cues);
  });
}

}  // namespace

absl::StatusOr<LanguageRules> LoadLanguageRules(const std::string& dir) {
  LanguageRules rules;
  const std::string abbreviations_path = JoinPath(dir, kAbbreviationsFile);
  absl::StatusOr<std::string> abbreviations = ReadFile(abbreviations_path);
  if (!abbreviations.ok()) return abbreviations.status();
  absl::Status status =
      ParseAbbreviations(abbreviations_path, *abbreviations, &rules);
  if (!status.ok()) return status;

  status = LoadWordList(JoinPath(dir, kOrdinalFollowersFile), true,
                        [&](std::string word) {
                          rules.ordinal_followers[std::move(word)] = true;
                        });
  if (!status.ok()) return status;
  status = LoadWordList(JoinPath(dir, kClauseConjunctionsFile), false,
                        [&](std::string word) {
                          rules.clause_conjunctions.insert(std::move(word));
                        });
  if (!status.ok()) return status;
  status = LoadWordList(
      JoinPath(dir, kLeadInEndingsFile), false,
      [&](std::string word) { rules.lead_in_endings.insert(std::move(word)); });
  if (!status.ok()) return status;
  status = LoadWordList(
      JoinPath(dir, kNameTitlesFile), false,
      [&](std::string word) { rules.name_titles.insert(std::move(word)); });
  if (!status.ok()) return status;
  status = LoadWordList(
      JoinPath(dir, kLinkOpenersFile), false,
      [&](std::string word) { rules.link_openers.insert(std::move(word)); });
  if (!status.ok()) return status;
  status = LoadWordList(JoinPath(dir, kListItemOpenersFile), false,
                        [&](std::string word) {
                          rules.list_item_openers.insert(std::move(word));
                        });
  if (!status.ok()) return status;
  status = LoadWordList(
      JoinPath(dir, kRomanContextsFile), false,
      [&](std::string word) { rules.roman_contexts.insert(std::move(word)); });
  if (!status.ok()) return status;
  status = LoadPhraseList(JoinPath(dir, kWebChromeFile), &rules.web_chrome);
  if (!status.ok()) return status;
  status = LoadNormalizerTables(dir, &rules);
  if (!status.ok()) return status;
  return rules;
}

const Abbreviation* FindAbbreviation(const LanguageRules& rules,
                                     std::string_view written,
                                     bool* capitalized) {
  *capitalized = false;
  if (written.empty()) return nullptr;
  if (auto it = rules.abbreviations.find(AsAbsl(written));
      it != rules.abbreviations.end()) {
    return &it->second;
  }
  // Sentence-initial forms ("F.eks.", "Jf.") are not duplicated in the table.
  const DecodedChar first = DecodeUtf8(written, 0);
  if (!IsUpper(first.code_point)) return nullptr;
  std::string lowered;
  AppendUtf8(ToLower(first.code_point), &lowered);
  lowered.append(written.substr(first.length));
  if (auto it = rules.abbreviations.find(lowered);
      it != rules.abbreviations.end()) {
    *capitalized = true;
    return &it->second;
  }
  return nullptr;
}

bool IsOrdinalFollower(const LanguageRules& rules, std::string_view word) {
  if (word.empty()) return false;
  std::string lowered = LowerCase(word);
  if (rules.ordinal_followers.contains(lowered)) return true;
  if (lowered.back() == '.') {
    lowered.pop_back();
    return rules.ordinal_followers.contains(lowered);
  }
  return false;
}

std::string PhraseKey(std::string_view line) {
  std::string key;
  bool space = false;
  for (char c : StripSpaces(line)) {
    if (IsAsciiSpace(c)) {
      space = true;
      continue;
    }
    if (space) key.push_back(' ');
    space = false;
    key.push_back(c);
  }
  return LowerCase(key);
}

std::string LowerCase(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (size_t pos = 0; pos < word.size();) {
    const DecodedChar decoded = DecodeUtf8(word, pos);
    AppendUtf8(ToLower(decoded.code_point), &out);
    pos += decoded.length;
  }
  return out;
}

}  // namespace policyreader::text
