#include "service/text/rules.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "service/text/chars.h"
#include "service/text/utf8.h"
#include "service/text/whitespace.h"
#include "service/tsv/tsv.h"

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
constexpr std::string_view kSlashReadingsFile = "slash_readings.tsv";
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
constexpr CueValue kCueValues[] = {
    {"label", NumberCue::kLabel},    {"time", NumberCue::kTime},
    {"date", NumberCue::kDate},      {"weekday", NumberCue::kWeekday},
    {"phone", NumberCue::kPhone},    {"id", NumberCue::kId},
    {"account", NumberCue::kAccount}};
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

std::string JoinPath(const std::string& dir, std::string_view file) {
  if (dir.empty()) return std::string(file);
  if (dir.back() == '/') return absl::StrCat(dir, AsAbsl(file));
  return absl::StrCat(dir, "/", AsAbsl(file));
}

bool FileExists(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return static_cast<bool>(in);
}

// How every file here is read: '#' comments, errors "<path> line N: ...".
// `header` is the header line a table must open with ("" for a list of one
// word or phrase a line); its tabs give the number of columns.
tsv::Reader RulesReader(const std::string& path, std::string_view header = "",
                        std::string_view column_names = "") {
  tsv::Options options;
  options.header = !header.empty();
  options.columns = header.empty() ? 0
                                   : static_cast<size_t>(std::count(
                                         header.begin(), header.end(), '\t')) +
                                         1;
  options.column_names = column_names;
  options.line_style = tsv::LineStyle::kWord;
  return tsv::Reader(path, options);
}

// The rows of `contents`, which must be UTF-8 throughout, comments included:
// a table saved in Latin-1 is refused at its first non-ASCII letter rather
// than read as something else.
absl::StatusOr<tsv::Table> ReadRows(const tsv::Reader& reader,
                                    std::string_view contents) {
  const size_t invalid = FindInvalidUtf8(contents);
  if (invalid != std::string_view::npos) {
    const int line =
        1 + static_cast<int>(
                std::count(contents.begin(), contents.begin() + invalid, '\n'));
    return reader.LineError(line, "not valid UTF-8");
  }
  return reader.Parse(contents);
}

// Rejects a second row for the same key, naming the first.
class DuplicateCheck {
 public:
  // `noun` names a key in the error: "duplicate entry \"km\"".
  explicit DuplicateCheck(std::string_view noun) : noun_(noun) {}

  absl::Status Add(const tsv::Reader& reader, int line, std::string_view key) {
    const auto [it, inserted] = first_line_.emplace(key, line);
    if (inserted) return absl::OkStatus();
    return reader.LineError(
        line, absl::StrCat("duplicate ", AsAbsl(noun_), " \"", AsAbsl(key),
                           "\" (first on line ", it->second, ")"));
  }

 private:
  std::string_view noun_;
  absl::flat_hash_map<std::string, int> first_line_;
};

// The rows of a table after its header line, which must read `header`
// (`header_shown` in errors).
absl::StatusOr<std::vector<tsv::Row>> TableRows(const tsv::Reader& reader,
                                                std::string_view contents,
                                                std::string_view header,
                                                std::string_view header_shown) {
  absl::StatusOr<tsv::Table> table = ReadRows(reader, contents);
  if (!table.ok()) return table.status();
  if (!table->header.has_value()) {
    return reader.FileError(
        absl::StrCat("missing the header line \"", AsAbsl(header_shown), "\""));
  }
  if (StripSpaces(table->header->text) != header) {
    return reader.LineError(
        table->header->line,
        absl::StrCat("expected the header \"", AsAbsl(header_shown), "\""));
  }
  return std::move(table->rows);
}

absl::Status ParseAbbreviations(const std::string& path,
                                std::string_view contents,
                                LanguageRules* rules) {
  constexpr std::string_view kHeaderShown =
      "written<TAB>spoken<TAB>ends_sentence";
  const tsv::Reader reader =
      RulesReader(path, kAbbreviationsHeader, "written, spoken, ends_sentence");
  absl::StatusOr<std::vector<tsv::Row>> rows =
      TableRows(reader, contents, kAbbreviationsHeader, kHeaderShown);
  if (!rows.ok()) return rows.status();
  DuplicateCheck duplicates("abbreviation");
  for (const tsv::Row& row : *rows) {
    const std::string_view written = row.fields[0];
    const std::string_view spoken = row.fields[1];
    const std::string_view ends = row.fields[2];
    if (written.empty() || spoken.empty()) {
      return reader.LineError(
          row.line, "the written and spoken columns must not be empty");
    }
    if (written.size() > kMaxAbbreviationBytes) {
      return reader.LineError(row.line,
                              absl::StrCat("written form is longer than ",
                                           kMaxAbbreviationBytes, " bytes"));
    }
    for (const char c : written) {
      if (IsAsciiSpace(c)) {
        return reader.LineError(
            row.line, absl::StrCat("written form \"", AsAbsl(written),
                                   "\" must be one word without spaces"));
      }
    }
    const EndsSentenceValue* value = nullptr;
    for (const EndsSentenceValue& candidate : kEndsSentenceValues) {
      if (candidate.written == ends) value = &candidate;
    }
    if (value == nullptr) {
      return reader.LineError(row.line,
                              absl::StrCat("ends_sentence must be \"no\" or "
                                           "\"maybe\", found \"",
                                           AsAbsl(ends), "\""));
    }
    absl::Status status = duplicates.Add(reader, row.line, written);
    if (!status.ok()) return status;
    rules->abbreviations[std::string(written)] =
        Abbreviation{std::string(spoken), value->never_ends_sentence};
  }
  return absl::OkStatus();
}

// One lower-cased word a line.
absl::Status ParseWordList(const std::string& path, std::string_view contents,
                           const std::function<void(std::string)>& add) {
  const tsv::Reader reader = RulesReader(path);
  absl::StatusOr<tsv::Table> table = ReadRows(reader, contents);
  if (!table.ok()) return table.status();
  for (const tsv::Row& row : table->rows) {
    const std::string_view word = StripSpaces(row.text);
    for (const char c : word) {
      if (IsAsciiSpace(c)) {
        return reader.LineError(
            row.line,
            absl::StrCat("expected one word, found \"", AsAbsl(word), "\""));
      }
    }
    add(LowerCase(word));
  }
  return absl::OkStatus();
}

// One phrase a line, compared by PhraseKey.
absl::Status LoadPhraseList(const std::string& path,
                            absl::flat_hash_set<std::string>* phrases) {
  if (!FileExists(path)) return absl::OkStatus();
  absl::StatusOr<std::string> contents = tsv::ReadFile(path);
  if (!contents.ok()) return contents.status();
  const tsv::Reader reader = RulesReader(path);
  absl::StatusOr<tsv::Table> table = ReadRows(reader, *contents);
  if (!table.ok()) return table.status();
  for (const tsv::Row& row : table->rows) {
    std::string key = PhraseKey(row.text);
    if (!phrases->insert(key).second) {
      return reader.LineError(row.line,
                              absl::StrCat("\"", key, "\" is listed twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status LoadWordList(const std::string& path, bool required,
                          const std::function<void(std::string)>& add) {
  if (!required && !FileExists(path)) return absl::OkStatus();
  absl::StatusOr<std::string> contents = tsv::ReadFile(path);
  if (!contents.ok()) return contents.status();
  return ParseWordList(path, *contents, add);
}

// A normalizer table: a header line naming its columns, then rows; `add`
// gets each row's stripped columns (never empty ones) in file order.
using RowHandler = std::function<absl::Status(
    int line, const std::vector<std::string_view>& columns)>;

absl::Status ParseTable(const tsv::Reader& reader, std::string_view contents,
                        std::string_view header, const RowHandler& add) {
  absl::StatusOr<std::vector<tsv::Row>> rows =
      TableRows(reader, contents, header, header);
  if (!rows.ok()) return rows.status();
  for (const tsv::Row& row : *rows) {
    for (const std::string_view column : row.fields) {
      if (column.empty()) return reader.LineError(row.line, "empty column");
    }
    absl::Status status = add(row.line, row.fields);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status ParseWrittenSpoken(
    const std::string& path, std::string_view contents, std::string_view header,
    size_t max_written_bytes,
    absl::flat_hash_map<std::string, std::string>* table) {
  const tsv::Reader reader = RulesReader(path, header);
  DuplicateCheck duplicates("entry");
  return ParseTable(
      reader, contents, header,
      [&](int line,
          const std::vector<std::string_view>& columns) -> absl::Status {
        if (columns[0].size() > max_written_bytes) {
          return reader.LineError(line,
                                  absl::StrCat("written form is longer than ",
                                               max_written_bytes, " bytes"));
        }
        absl::Status status = duplicates.Add(reader, line, columns[0]);
        if (!status.ok()) return status;
        (*table)[std::string(columns[0])] = std::string(columns[1]);
        return absl::OkStatus();
      });
}

absl::Status ParseUnits(const std::string& path, std::string_view contents,
                        absl::flat_hash_map<std::string, Unit>* units) {
  const tsv::Reader reader = RulesReader(path, kUnitsHeader);
  DuplicateCheck duplicates("entry");
  return ParseTable(
      reader, contents, kUnitsHeader,
      [&](int line,
          const std::vector<std::string_view>& columns) -> absl::Status {
        if (columns[0].size() > kMaxUnitBytes) {
          return reader.LineError(line, absl::StrCat("unit is longer than ",
                                                     kMaxUnitBytes, " bytes"));
        }
        const GenderValue* gender = nullptr;
        for (const GenderValue& candidate : kGenderValues) {
          if (candidate.written == columns[1]) gender = &candidate;
        }
        if (gender == nullptr) {
          return reader.LineError(line, absl::StrCat("gender must be \"en\" or "
                                                     "\"et\", found \"",
                                                     AsAbsl(columns[1]), "\""));
        }
        const PlaceValue* place = nullptr;
        for (const PlaceValue& candidate : kPlaceValues) {
          if (candidate.written == columns[4]) place = &candidate;
        }
        if (place == nullptr) {
          return reader.LineError(line,
                                  absl::StrCat("place must be \"after\" or "
                                               "\"both\", found \"",
                                               AsAbsl(columns[4]), "\""));
        }
        absl::Status status = duplicates.Add(reader, line, columns[0]);
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
  const tsv::Reader reader = RulesReader(path, kNumberCuesHeader);
  DuplicateCheck duplicates("entry");
  return ParseTable(
      reader, contents, kNumberCuesHeader,
      [&](int line,
          const std::vector<std::string_view>& columns) -> absl::Status {
        const CueValue* cue = nullptr;
        for (const CueValue& candidate : kCueValues) {
          if (candidate.written == columns[1]) cue = &candidate;
        }
        if (cue == nullptr) {
          return reader.LineError(line,
                                  absl::StrCat("cue must be label, time, date "
                                               "or phone, found \"",
                                               AsAbsl(columns[1]), "\""));
        }
        const std::string written = LowerCase(columns[0]);
        absl::Status status = duplicates.Add(reader, line, written);
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
  absl::StatusOr<std::string> contents = tsv::ReadFile(path);
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
      {kSlashReadingsFile, kWrittenSpokenHeader, kMaxAbbreviationBytes,
       &rules->slash_readings},
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
  absl::StatusOr<std::string> abbreviations = tsv::ReadFile(abbreviations_path);
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
  // Headings in capitals: "LOKALPLAN NR. 104". Only dotted forms, so "EU"
  // or "IT" are never taken for words.
  if (written.size() >= 3 && written.back() == '.') {
    bool capitals = true;
    for (size_t pos = 0; capitals && pos < written.size();) {
      const DecodedChar c = DecodeUtf8(written, pos);
      capitals = c.code_point == '.' || IsUpper(c.code_point);
      pos += c.length;
    }
    if (capitals) {
      const std::string all_lower = LowerCase(written);
      // Only labels that take a number: "HR." is no "hr." (herr).
      if (auto it = rules.abbreviations.find(all_lower);
          rules.number_cues.contains(all_lower) &&
          it != rules.abbreviations.end()) {
        return &it->second;
      }
    }
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
  return LowerCase(CollapseWhitespace(line));
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
