// Where a number is read aloud: the normalizer stage that turns every
// written number into Danish words, reading it by its shape and by the word
// before it (voices/da/number_cues.tsv) and the word or unit after it
// (voices/da/units.tsv, voices/da/neuter_nouns.txt).
//
// The rules, tried in this order at the start of each token (the first that
// matches wins; see kNumberRules in number_patterns.cc):
//   named        a service number from the lexicon where it is called:
//                "ring 1813" -> "18 13", "kontakt 112" -> "et et 2"
//   list number  "1. at ..." -> "et: at ...", "1. Regnskab..." -> "et."
//   cue word     "§ 17" -> "paragraf 17", "d. 5/3" -> "den 5/3", "s. 4" ->
//                "side 4" (the number itself is read by the rules below)
//   account      after "registreringsnummer" in pairs, after "kontonummer"
//                digit by digit
//   year span    "skoleåret 2023/24" -> "2023 til 24"
//   (identifiers, "C-58-06", "LBK nr. 433", long digit strings: see
//                ReadIdentifier)
//   currency     "€ 100" -> "et hundrede euro", "kr. 7.000,-" -> "7.000
//                kroner" (units with place "both"; said after the amount);
//                "kr. 0,50" -> "50 øre"
//   scale        "1:2.000" -> "et til 2.000"
//   phone        8 digits in pairs "43 21 00 00", in 4+4 or unbroken after a
//                phone cue ("tlf."), or after "+45": read in pairs, "00" ->
//                "nul nul"
//   date         "19.12.2023", "5/3-2024", and "5/3" or "19.12" after a date
//                cue: "nittende december to tusind og treogtyve"; in a
//                calendar "Mandag 24.05" (a weekday cue) and "06.04." (the
//                ordinal's dot); a dash between dates is "til"
//   time         "9.00", "17:30", and a bare hour after a time cue; a range
//                with "-" or "–": "9.00 - 15.00" -> "ni til femten"
//   half, one    "3½ år" -> "3 og et halvt år", "6 1/2 uge", "1½" ->
//   year         "halvanden"; "1-årig" -> "etårig"
//   ordinal      "28. juni", "3. klasse", "1.-3. klasse", "4-6. klasse"
//                (one dot for both), "0. klasse" -> "nulte": a number of at
//                most three digits with a dot, followed by a lower-case word or
//                an ordinal follower (voices/da/ordinal_followers.txt)
//   amount       cardinals with thousands dots and decimal comma, a minus,
//                ranges ("2023-2035" -> "... til ..."), units ("800 m²",
//                "2,5 mio. kr.", "12,5 %") and "1" agreeing with its noun
//                ("1 år" -> "et år", "1 borger" -> "en borger")
// Years: a four-digit number from 1100 to 1999 written without a thousands
// dot and without a unit is read in hundreds, as Danes read years ("1998" ->
// "nitten hundrede og otteoghalvfems"); Danes read such round amounts the
// same way ("1500 deltagere" -> "femten hundrede deltagere"), so no year
// context is needed. With a dot or a unit it is read in thousands ("1.500",
// "1500 kr." -> "et tusind fem hundrede ..."). Years from 2000 are ordinary
// numbers: "2024" -> "to tusind og fireogtyve".
// Numbers glued to letters ("CO2", "DK2020") are words, left to the
// acronym table (word_rules.h).
//
// Thread-safety: stateless; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_NORMALIZE_NUMBER_PATTERNS_H_
#define POLICY_READER_SERVICE_TEXT_NORMALIZE_NUMBER_PATTERNS_H_

#include <string>
#include <string_view>

#include "service/text/rules.h"

namespace policyreader::text {

// `text` has been cleaned (no control characters, spaces are plain spaces).
std::string ReadNumbers(std::string_view text, const LanguageRules& rules);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_NUMBER_PATTERNS_H_
