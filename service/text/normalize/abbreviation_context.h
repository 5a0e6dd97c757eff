// Abbreviations whose reading depends on the words around them, for the
// normalizer's abbreviation stage:
//   agreement   "evt.", "alm.", "midl.", "maks."/"max" are adjectives and
//               take the ending their noun needs: "evt. valghandling" ->
//               "eventuel", "evt. frister" / "de evt. ændringer" ->
//               "eventuelle", "evt. noget", "max 20 m." -> "...t"
//   after an    "7. kl." / "1.-9.kl." -> "klasse" (a school year, not the
//   ordinal     clock), "2. pkt." -> "punktum" (a law's sentence, not
//               "punkt")
//   per piece   "pr. stk." -> "per styk", not "stykke" (a paragraph)
//   compounds   "cpr-nr.", "Sagnr.", "telefonnr" -> "...nummer"
//
// Thread-safety: stateless; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_NORMALIZE_ABBREVIATION_CONTEXT_H_
#define POLICY_READER_SERVICE_TEXT_NORMALIZE_ABBREVIATION_CONTEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "service/text/rules.h"

namespace policyreader::text {

// The spoken form of the abbreviation `written` found at [begin, end) of
// `text` when its context changes it from the table's `spoken`; nullopt
// when the table's form stands.
std::optional<std::string> SpokenInContext(std::string_view text, size_t begin,
                                           size_t end, std::string_view written,
                                           const LanguageRules& rules);

// Length of a word at `begin` that ends in "nr." or "nr" after at least two
// letters ("Sagnr.", "telefonnr"), or 0; `stem` gets the letters before
// "nr". Only whole words: the run must end at a non-letter.
size_t NumberCompoundLength(std::string_view text, size_t begin,
                            std::string_view* stem);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_ABBREVIATION_CONTEXT_H_
