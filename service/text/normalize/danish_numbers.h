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

// What the speech engine is given for a number. eSpeak NG says digits the
// way a Dane does ("72" -> to-og-halvfjerds, "1958" -> nitten hundrede og
// otte-og-halvtreds, "19. december" -> nittende december) but misreads many
// number words written out ("halvtreds", "tres", "halvfjerds", "otte",
// "hundrede", "første": checked by phonemes in tests/service/text/corpus).
// So the spoken text keeps numbers as digits wherever eSpeak reads the
// digits right, and words only where digits cannot say it (gender of 1).

// 1 -> "en" ("et" neuter), anything else its digits: 72 -> "72", 1250 ->
// "1.250".
std::string SpokenCardinal(uint64_t n, Gender gender = Gender::kCommon);
// A year or a number read in hundreds: digits from 1900 on (eSpeak reads
// 19xx in hundreds itself), "15 hundrede og 65" for 1100-1899.
std::string SpokenHundreds(uint64_t n);
// An ordinal that a lower-case word follows ("28. juni", "3. klasse"):
// "28."; "andet" for a neuter 2. eSpeak reads "N." before a lower-case
// word as the ordinal, and before a capital as a cardinal ending a
// sentence, so a caller must not use it there.
std::string SpokenOrdinal(uint64_t n, Gender gender = Gender::kCommon);
// Each digit on its own: "045" -> "0 4 5", "13" -> "en 3".
std::string SpokenDigits(std::string_view digits);
// A two-digit phone group: "05" -> "0 5", "43" -> "43".
std::string SpokenDigitPair(std::string_view pair);
// The digits after a decimal comma: one or two without a leading zero as a
// number ("5", "25"), anything else digit by digit ("05" -> "0 5").
std::string SpokenFraction(std::string_view digits);

// 1 -> "januar" ... 12 -> "december"; empty outside 1-12.
std::string_view MonthName(int month);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_DANISH_NUMBERS_H_
