// Danish number words: how a careful reader says 21, 95, 2024, 1998 or the
// 28th. Danish counts its tens in twenties ("halvfems" = 90) and puts the
// unit before the ten ("enogtyve" = 21); "og" comes before the last part
// below a hundred ("to tusind og fireogtyve"). These are grammar, not local
// terms, so the words are constant tables in danish_numbers.cc rather than
// a data file.
//
// Thread-safety: stateless free functions; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_NORMALIZE_DANISH_NUMBERS_H_
#define POLICY_READER_SERVICE_TEXT_NORMALIZE_DANISH_NUMBERS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace policyreader::text {

// Grammatical gender of what is counted: "en borger", "et år". Only the
// final 1 of a number changes ("et hundrede og et år").
enum class Gender { kCommon, kNeuter };

// 0 -> "nul", 21 -> "enogtyve", 100 -> "et hundrede", 1000 -> "et tusind",
// 3500000 -> "tre millioner fem hundrede tusind". Any uint64_t.
std::string CardinalWords(uint64_t n, Gender gender = Gender::kCommon);

// 1 -> "første", 2 -> "anden" ("andet" when neuter), 28 -> "otteogtyvende",
// 101 -> "et hundrede og første". 0 has no ordinal: "nulte".
std::string OrdinalWords(uint64_t n, Gender gender = Gender::kCommon);

// A number read the way Danes read years and round amounts written without
// a thousands separator: 1100-1999 in hundreds ("nitten hundrede og
// otteoghalvfems", "elleve hundrede"); everything else as CardinalWords
// ("to tusind og fireogtyve").
std::string HundredsWords(uint64_t n);

// Each digit on its own: "045" -> "nul fire fem". Non-digits are skipped.
std::string DigitWords(std::string_view digits);

// A two-digit group of a phone number: "00" -> "nul nul", "05" -> "nul
// fem", "43" -> "treogfyrre". `pair` must be two ASCII digits.
std::string DigitPairWords(std::string_view pair);

// The digits after a decimal comma: one or two without a leading zero are
// read as a number ("5" -> "fem", "25" -> "femogtyve"), anything else digit
// by digit ("05" -> "nul fem", "125" -> "en to fem").
std::string FractionWords(std::string_view digits);

// 1 -> "januar" ... 12 -> "december"; empty outside 1-12.
std::string_view MonthName(int month);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_DANISH_NUMBERS_H_
