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

struct LanguageRules {
  // Written form (as it appears, with dots, case-sensitive) -> rule.
  absl::flat_hash_map<std::string, Abbreviation> abbreviations;
  // Lower-case month names etc. that make "28." an ordinal, not an end.
  absl::flat_hash_map<std::string, bool> ordinal_followers;
  // Lower-case words an over-long sentence may be split before.
  absl::flat_hash_set<std::string> clause_conjunctions;
  // Lower-case words that end lead-in lines rather than headings.
  absl::flat_hash_set<std::string> lead_in_endings;
};

// Loads `dir`/abbreviations.tsv and `dir`/ordinal_followers.txt, and the
// optional word lists when present. NOT_FOUND when a required file is
// missing; INVALID_ARGUMENT "<path> line N: ..." for a malformed line.
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

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_RULES_H_
