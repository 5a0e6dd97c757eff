// Word-level readings, the normalizer's last stage before white space:
//   lexicon    whole-word respellings for names eSpeak NG says wrong
//              (voices/da/lexicon.tsv)
//   acronyms   known ones from voices/da/acronyms.tsv ("KL" -> "kå el",
//              "MED" -> "med"); an unknown word of two capitals, or of three
//              or four capitals without a vowel, is spelled with the letter
//              names in voices/da/letters.tsv ("PPR" -> "pe pe er", "DS 471"
//              -> "de es ..."); capitals followed by digits are spelled and
//              the digits read ("A4" -> "a fire"); any other word in
//              capitals is read as a word ("SKAT" -> "Skat")
//   symbols    "&" -> "og" and the rest of voices/da/symbols.tsv; "/"
//              between two words is a plain space ("og/eller" -> "og eller")
// Runs after numbers and abbreviations, so it only sees what they left.
//
// Thread-safety: stateless; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_NORMALIZE_WORD_RULES_H_
#define POLICY_READER_SERVICE_TEXT_NORMALIZE_WORD_RULES_H_

#include <string>
#include <string_view>

#include "service/text/rules.h"

namespace policyreader::text {

std::string ReadWords(std::string_view text, const LanguageRules& rules);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_WORD_RULES_H_
