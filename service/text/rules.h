// Language rules as data: the tables the segmenter and normalizer consult,
// loaded once at start from a folder such as voices/da/. A malformed file is
// a start-up error naming the file and line.
//
// Files in the folder (all UTF-8; '#' starts a comment line; blank lines are
// ignored):
//   abbreviations.tsv       header "written<TAB>spoken<TAB>ends_sentence",
//                           ends_sentence "no" or "maybe"        (required)
//   ordinal_followers.txt   one word a line: "28. juni", "3. klasse" (required)
//   clause_conjunctions.txt one word a line: where an over-long sentence may
//                           be split ("og", "men"); also keeps the hyphen in
//                           "arbejds-\nog ansvarsområder"        (optional)
//   lead_in_endings.txt     one word a line: a short line ending in one of
//                           these ("Målene i planen er") introduces what
//                           follows and is not a heading          (optional)
//   name_titles.txt         one word a line: titles whose dot does not end a
//                           sentence before a name ("Hr. Jensen") (optional)
//   web_chrome.txt          one phrase a line: a line that is nothing but one
//                           of these ("Gå til hovedindhold") is web page
//                           chrome copied with the text, never read
//                                                                 (optional)
//   list_item_openers.txt   one word a line: "1. at ..." is a numbered item,
//                           while "1. suppleant" is an ordinal    (optional)
//   roman_contexts.txt      one word a line: "kapitel II" -> "kapitel 2"
//                                                                 (optional)
//   link_openers.txt        one word a line: a short line opening with one
//                           ("Læs hele planen her") is a link, not a
//                           heading                               (optional)
// The normalizer's tables (all optional: a missing file is an empty table,
// so a municipality can start from a copy of voices/da and drop what it does
// not need):
//   units.tsv               header "written<TAB>gender<TAB>one<TAB>many<TAB>
//                           place": "kr.  en  krone  kroner  after"; gender
//                           "en" or "et" (what "1" becomes before it), place
//                           "after" (only after a number) or "both" (also
//                           before one: "€ 100")
//   symbols.tsv             header "written<TAB>spoken": "&  og"
//   slash_readings.tsv      header "written<TAB>spoken": a slash between
//                           two words read other than "eller": "til/fra
//                           til og fra", "/uge  om ugen" (any word before)
//   acronyms.tsv            header "written<TAB>spoken": "KL  kå el"
//   letters.tsv             header "letter<TAB>spoken": "k  kå" (how an
//                           unknown acronym is spelled)
//   lexicon.tsv             header "written<TAB>spoken": whole-word
//                           respellings for names eSpeak NG says wrong
//   neuter_nouns.txt        one word a line: "1 år" -> "et år"
//   number_cues.tsv         header "written<TAB>cue<TAB>spoken": a word
//                           before a number saying how to read it; cue
//                           label ("stk. 1" -> "stykke et"), time, date,
//                           phone or id ("sag nr. 41-17": dashes and
//                           slashes join parts of a name, not a range); spoken
//                           "-" or what the word becomes
//                           ("d." -> "den", "§" -> "paragraf")
//
// Thread-safety: immutable after loading; share freely across threads.
#ifndef POLICY_READER_SERVICE_TEXT_RULES_H_
#define POLICY_READER_SERVICE_TEXT_RULES_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"

namespace policyreader::text {

// Longest written form the loader accepts; lets scanners bound their
// look-ups.
inline constexpr size_t kMaxAbbreviationBytes = 32;

struct Abbreviation {
  // Spoken form, e.g. "for eksempel" for "f.eks.".
  std::string spoken;
  // True when the abbreviation's final dot never ends a sentence by itself
  // (e.g. "jf.", "kl.", "stk."); false when it may also end one ("mv.").
  bool never_ends_sentence = true;
};

struct Unit {
  // Spoken after 1 ("krone") and after any other amount ("kroner").
  std::string one;
  std::string many;
  // "et" rather than "en" for 1 ("et stykke").
  bool neuter = false;
  // Also written before the amount ("€ 100", "DKK 500").
  bool may_precede = false;
};

enum class NumberCue { kLabel, kTime, kDate, kWeekday, kPhone, kId, kAccount };

struct NumberCueRule {
  NumberCue cue = NumberCue::kLabel;
  // What the cue word itself is read as; empty to leave it as written.
  std::string spoken;
};

// Longest written unit the loader accepts ("km/t", "m²", "mio.").
inline constexpr size_t kMaxUnitBytes = 16;

struct LanguageRules {
  // Written form (as it appears, with dots, case-sensitive) -> rule.
  absl::flat_hash_map<std::string, Abbreviation> abbreviations;
  // Lower-case month names etc. that make "28." an ordinal, not an end.
  absl::flat_hash_map<std::string, bool> ordinal_followers;
  // Lower-case words an over-long sentence may be split before.
  absl::flat_hash_set<std::string> clause_conjunctions;
  // Lower-case words that end lead-in lines rather than headings.
  absl::flat_hash_set<std::string> lead_in_endings;
  // Lower-case titles with their dot ("hr.", "dr.") that come before names.
  absl::flat_hash_set<std::string> name_titles;
  // Lower-case words that open link lines rather than headings.
  absl::flat_hash_set<std::string> link_openers;
  // Lower-case words that open a numbered list item in lower case ("1. at
  // budgettet godkendes"); after "1." any other lower-case word makes the
  // number an ordinal ("1. suppleant").
  absl::flat_hash_set<std::string> list_item_openers;
  // Lower-case words after which capitals I, V, X, L, C are a Roman number
  // ("kapitel II", "bilag IV").
  absl::flat_hash_set<std::string> roman_contexts;
  // Lower-cased, single-spaced lines of web chrome (skip links, share and
  // print buttons) that are dropped like page numbers.
  absl::flat_hash_set<std::string> web_chrome;

  // Normalizer tables, case-sensitive keys as written in the files unless
  // noted.
  absl::flat_hash_map<std::string, Unit> units;
  // One symbol ("&", "§") -> words.
  absl::flat_hash_map<std::string, std::string> symbols;
  // Lower-case "til/fra" or "/uge" -> what the slash and the word after it
  // are read as.
  absl::flat_hash_map<std::string, std::string> slash_readings;
  absl::flat_hash_map<std::string, std::string> acronyms;
  // Lower-case letter -> its Danish name.
  absl::flat_hash_map<std::string, std::string> letters;
  absl::flat_hash_map<std::string, std::string> lexicon;
  // Lower-case.
  absl::flat_hash_set<std::string> neuter_nouns;
  // Lower-case written form -> cue.
  absl::flat_hash_map<std::string, NumberCueRule> number_cues;
};

// Loads `dir`/abbreviations.tsv and `dir`/ordinal_followers.txt, and the
// optional tables and word lists when present. NOT_FOUND when a required file
// is missing; INVALID_ARGUMENT "<path> line N: ..." for a malformed line.
absl::StatusOr<LanguageRules> LoadLanguageRules(const std::string& dir);

// Looks up `written` (e.g. "f.eks." or "F.eks."). A capitalised form found
// only through its lower-case-initial entry sets *capitalized so the caller
// can capitalise the spoken form ("F.eks." -> "For eksempel"). nullptr when
// the word is not an abbreviation.
const Abbreviation* FindAbbreviation(const LanguageRules& rules,
                                     std::string_view written,
                                     bool* capitalized);

// True when `word` (any case, a trailing dot ignored: "mar.") follows
// ordinal numbers, as in "28. juni".
bool IsOrdinalFollower(const LanguageRules& rules, std::string_view word);

// Lower-cases valid UTF-8 (Latin, Greek, Cyrillic; others unchanged).
std::string LowerCase(std::string_view word);
// Lower-cased CollapseWhitespace (Unicode spaces too, so a no-break space
// copied from a web page still matches): how web_chrome lines are compared.
std::string PhraseKey(std::string_view line);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_RULES_H_
