#include "service/text/normalize/danish_numbers.h"

#include <array>
#include <string>

namespace policyreader::text {
namespace {

constexpr std::array<std::string_view, 20> kUnits = {
    "nul",     "en",     "to",      "tre",    "fire",   "fem",   "seks",
    "syv",     "otte",   "ni",      "ti",     "elleve", "tolv",  "tretten",
    "fjorten", "femten", "seksten", "sytten", "atten",  "nitten"};

// Index n / 10 for n in 20..99.
constexpr std::array<std::string_view, 10> kTens = {
    "",          "",     "tyve",       "tredive", "fyrre",
    "halvtreds", "tres", "halvfjerds", "firs",    "halvfems"};

constexpr std::array<std::string_view, 20> kOrdinalUnits = {
    "nulte",    "første",    "anden",    "tredje",    "fjerde",
    "femte",    "sjette",    "syvende",  "ottende",   "niende",
    "tiende",   "ellevte",   "tolvte",   "trettende", "fjortende",
    "femtende", "sekstende", "syttende", "attende",   "nittende"};

constexpr std::array<std::string_view, 10> kOrdinalTens = {
    "",
    "",
    "tyvende",
    "tredivte",
    "fyrretyvende",
    "halvtredsindstyvende",
    "tresindstyvende",
    "halvfjerdsindstyvende",
    "firsindstyvende",
    "halvfemsindstyvende"};

constexpr std::array<std::string_view, 13> kMonths = {
    "",     "januar", "februar",   "marts",   "april",    "maj",     "juni",
    "juli", "august", "september", "oktober", "november", "december"};

struct Scale {
  uint64_t value;
  // "et tusind" but "en million": the word's own gender decides the 1.
  Gender gender;
  std::string_view one;
  std::string_view many;
};

// Largest first. uint64_t ends below 10^20.
constexpr Scale kScales[] = {
    {1'000'000'000'000'000'000ULL, Gender::kCommon, "trillion", "trillioner"},
    {1'000'000'000'000'000ULL, Gender::kCommon, "billiard", "billiarder"},
    {1'000'000'000'000ULL, Gender::kCommon, "billion", "billioner"},
    {1'000'000'000ULL, Gender::kCommon, "milliard", "milliarder"},
    {1'000'000ULL, Gender::kCommon, "million", "millioner"},
    {1'000ULL, Gender::kNeuter, "tusind", "tusind"},
};

void Append(std::string* out, std::string_view word) {
  if (!out->empty()) out->push_back(' ');
  out->append(word);
}

std::string_view One(Gender gender) {
  return gender == Gender::kNeuter ? "et" : "en";
}

// 1..99. Inside a compound the unit is always "en": "enogtyve år".
std::string Below100(uint64_t n, Gender gender) {
  if (n == 1) return std::string(One(gender));
  if (n < 20) return std::string(kUnits[n]);
  std::string out;
  if (n % 10 != 0) {
    out.append(kUnits[n % 10]);
    out.append("og");
  }
  out.append(kTens[n / 10]);
  return out;
}

// 1..999.
std::string Below1000(uint64_t n, Gender gender) {
  std::string out;
  const uint64_t hundreds = n / 100;
  const uint64_t rest = n % 100;
  if (hundreds > 0) {
    out = hundreds == 1 ? "et" : Below100(hundreds, Gender::kCommon);
    out.append(" hundrede");
  }
  if (rest > 0) {
    if (hundreds > 0) out.append(" og ");
    out.append(Below100(rest, gender));
  }
  return out;
}

}  // namespace

std::string CardinalWords(uint64_t n, Gender gender) {
  if (n == 0) return "nul";
  std::string out;
  for (const Scale& scale : kScales) {
    const uint64_t count = n / scale.value;
    if (count == 0) continue;
    n %= scale.value;
    if (count == 1) {
      Append(&out, One(scale.gender));
      Append(&out, scale.one);
    } else {
      Append(&out, Below1000(count, scale.gender));
      Append(&out, scale.many);
    }
  }
  if (n > 0) {
    // "to tusind og fireogtyve", but "et tusind et hundrede".
    if (!out.empty() && n < 100) Append(&out, "og");
    Append(&out, Below1000(n, gender));
  }
  return out;
}

std::string OrdinalWords(uint64_t n, Gender gender) {
  const uint64_t rest = n % 100;
  std::string last;
  if (rest == 2 && gender == Gender::kNeuter) {
    last = "andet";
  } else if (rest < 20) {
    last = kOrdinalUnits[rest];
  } else {
    if (rest % 10 != 0) {
      last = kUnits[rest % 10];
      last.append("og");
    }
    last.append(kOrdinalTens[rest / 10]);
  }
  if (n < 100) return last;
  if (rest == 0) {
    // "hundrede" and "tusinde" are their own ordinals.
    std::string out = CardinalWords(n);
    if (out.ends_with("tusind")) out.push_back('e');
    return out;
  }
  std::string out = CardinalWords(n - rest);
  out.append(" og ");
  out.append(last);
  return out;
}

std::string_view MonthName(int month) {
  if (month < 1 || month > 12) return "";
  return kMonths[month];
}

std::string SpokenCardinal(uint64_t n, Gender gender) {
  if (n == 1) return std::string(One(gender));
  // Grouped as Danes write it ("1.250"): eSpeak reads that as a cardinal,
  // and the normalizer reads it back unchanged, where "1250" would be a
  // year in hundreds.
  std::string digits = std::to_string(n);
  for (size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ".");
  return digits;
}

std::string SpokenHundreds(uint64_t n) {
  // A year ending in 01 counts "et" (the year is neuter): "2001" is "to
  // tusind og et", which eSpeak says with "en".
  if (n >= 1900 && n % 100 == 1 && n < 2100) {
    return n >= 2000 ? "2000 og et" : "19 hundrede og et";
  }
  if (n >= 1900) return std::to_string(n);  // A year: "1998", "2024".
  if (n < 1100) return SpokenCardinal(n);
  // "1565" -> "15 hundrede og 65": eSpeak reads the digits of each part
  // right, the words not.
  std::string out = std::to_string(n / 100) + " hundrede";
  if (n % 100 != 0) out += " og " + SpokenCardinal(n % 100);
  return out;
}

std::string SpokenOrdinal(uint64_t n, Gender gender) {
  if (n == 2 && gender == Gender::kNeuter) return "andet";
  return std::to_string(n) + ".";
}

std::string SpokenDigits(std::string_view digits) {
  std::string out;
  for (const char c : digits) {
    if (c < '0' || c > '9') continue;
    if (!out.empty()) out.push_back(' ');
    // Digit by digit a Dane says "et" for 1 ("nul et", "tast et"); as a
    // word it also stays as it is when read again.
    if (c == '1') {
      out.append("et");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string SpokenDigitPair(std::string_view pair) {
  if (pair.size() == 2 && pair[0] == '0') return SpokenDigits(pair);
  return std::string(pair);
}

std::string SpokenFraction(std::string_view digits) {
  if (digits == "1") return "en";
  if (digits.size() <= 2 && !digits.empty() && digits[0] != '0') {
    return std::string(digits);
  }
  return SpokenDigits(digits);
}

}  // namespace policyreader::text
