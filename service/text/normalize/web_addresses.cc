#include "service/text/normalize/web_addresses.h"

#include <vector>

#include "service/text/chars.h"
#include "service/text/utf8.h"

namespace policyreader::text {
namespace {

struct Separator {
  char written;
  std::string_view spoken;
};

// How the punctuation of an address is dictated.
constexpr Separator kSeparators[] = {
    {'.', "punktum"},        {'/', "skråstreg"},  {'@', "snabel-a"},
    {'-', "bindestreg"},     {'_', "understreg"}, {':', "kolon"},
    {'?', "spørgsmålstegn"}, {'=', "lig med"},    {'&', "og"},
    {'#', "havelåge"},       {'~', "tilde"},      {'+', "plus"},
    {'%', "procent"},
};

// Not read: a listener does not need them to find the page.
constexpr std::string_view kSchemes[] = {"https://", "http://"};
constexpr std::string_view kWebPrefix = "www.";

// A bare "name.tld" is an address only for these; "bl.a" and "m.fl" are not.
constexpr std::string_view kTopLevelDomains[] = {
    "dk",   "com", "org", "net", "eu", "de", "se",  "no", "nu",
    "info", "gov", "io",  "fo",  "gl", "uk", "int", "edu"};

constexpr std::string_view kOpeners[] = {
    "(", "[", "\"", "'", "\u00ab", "\u00bb", "\u201c", "\u201d", "\u201e", "<"};
constexpr std::string_view kClosers[] = {
    ".",  ",", ";",      ":",      "!",      "?",      ")", "]",
    "\"", "'", "\u00bb", "\u00ab", "\u201d", "\u201c", ">"};

constexpr std::string_view kVowels = "aeiouyAEIOUY";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

template <size_t N>
size_t AffixLength(std::string_view text, const std::string_view (&options)[N],
                   bool at_end) {
  for (const std::string_view option : options) {
    if (at_end ? text.ends_with(option) : text.starts_with(option)) {
      return option.size();
    }
  }
  return 0;
}

bool IsLabelChar(char32_t c) {
  return IsLetter(c) || IsAsciiDigit(c) || c == '-';
}

// "naestved.dk", "sub.kommune.dk"; `any_tld` for the domain of an e-mail.
bool IsDomain(std::string_view host, bool any_tld) {
  size_t labels = 0;
  size_t label_begin = 0;
  for (size_t pos = 0; pos <= host.size();) {
    if (pos == host.size() || host[pos] == '.') {
      if (pos == label_begin) return false;
      ++labels;
      if (pos == host.size()) break;
      label_begin = ++pos;
      continue;
    }
    const DecodedChar c = DecodeUtf8(host, pos);
    if (!IsLabelChar(c.code_point)) return false;
    pos += c.length;
  }
  if (labels < 2) return false;
  const std::string_view tld = host.substr(label_begin);
  if (any_tld) {
    if (tld.size() < 2) return false;
    for (const char c : tld) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
  }
  for (const std::string_view known : kTopLevelDomains) {
    if (tld == known) return true;
  }
  return false;
}

bool IsAddress(std::string_view word) {
  for (const std::string_view scheme : kSchemes) {
    if (StartsWithNoCase(word, scheme)) return word.size() > scheme.size();
  }
  if (StartsWithNoCase(word, kWebPrefix)) {
    return word.size() > kWebPrefix.size();
  }
  if (const size_t at = word.find('@'); at != std::string_view::npos) {
    return at > 0 && IsDomain(word.substr(at + 1), true);
  }
  return IsDomain(word.substr(0, word.find('/')), false);
}

// Top-level domains eSpeak NG reads right as written ("dk" -> de kå).
constexpr std::string_view kWrittenDomains[] = {"dk",  "com", "org",
                                                "net", "eu",  "nu"};

// "www" -> "V V V", "dt" -> "D T", "dpo" -> "D P O" (initials: spelled with
// capitals, which eSpeak names right); "naestved" and "dk" stay words.
std::string PartWords(std::string_view part) {
  // Danes say "ve ve ve"; eSpeak names W "dobbelt-ve".
  if (part == "www") return "V V V";
  bool letters_only = true;
  bool has_vowel = false;
  for (const char c : part) {
    letters_only =
        letters_only && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    has_vowel = has_vowel || kVowels.find(c) != std::string_view::npos;
  }
  const bool initials = part.size() >= 2 && (!has_vowel || part.size() <= 3);
  if (!letters_only || !initials) return std::string(part);
  for (const std::string_view written : kWrittenDomains) {
    if (part == written) return std::string(part);
  }
  std::string out;
  for (const char c : part) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  return out;
}

std::string SpokenAddress(std::string_view address) {
  for (const std::string_view scheme : kSchemes) {
    if (StartsWithNoCase(address, scheme)) {
      address.remove_prefix(scheme.size());
      break;
    }
  }
  while (!address.empty() && address.back() == '/') address.remove_suffix(1);
  std::string out;
  const auto add = [&out](std::string_view words) {
    if (words.empty()) return;
    if (!out.empty()) out.push_back(' ');
    out.append(words);
  };
  for (size_t pos = 0; pos < address.size();) {
    const DecodedChar c = DecodeUtf8(address, pos);
    if (IsLetter(c.code_point) || IsAsciiDigit(c.code_point)) {
      size_t end = pos;
      while (end < address.size()) {
        const DecodedChar d = DecodeUtf8(address, end);
        if (!IsLetter(d.code_point) && !IsAsciiDigit(d.code_point)) break;
        end += d.length;
      }
      add(PartWords(address.substr(pos, end - pos)));
      pos = end;
      continue;
    }
    for (const Separator& separator : kSeparators) {
      if (static_cast<char32_t>(separator.written) == c.code_point) {
        add(separator.spoken);
      }
    }
    pos += c.length == 0 ? 1 : c.length;
  }
  return out;
}

}  // namespace

std::string ReadWebAddresses(std::string_view text, const LanguageRules&) {
  // Every address has a dot.
  if (text.find('.') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      out.push_back(' ');
      ++pos;
      continue;
    }
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    pos = end;
    // Most words have no inner dot or "@": not an address.
    const size_t mark = word.find_first_of(".@");
    if (mark == std::string_view::npos || mark + 1 >= word.size()) {
      out.append(word);
      continue;
    }
    size_t prefix = 0;
    for (size_t n; (n = AffixLength(word.substr(prefix), kOpeners, false));) {
      prefix += n;
    }
    size_t suffix = 0;
    for (size_t n; prefix + suffix < word.size() &&
                   (n = AffixLength(word.substr(0, word.size() - suffix),
                                    kClosers, true));) {
      suffix += n;
    }
    if (prefix + suffix >= word.size()) {
      out.append(word);
      continue;
    }
    const std::string_view core =
        word.substr(prefix, word.size() - prefix - suffix);
    if (!IsAddress(core)) {
      out.append(word);
      continue;
    }
    out.append(word.substr(0, prefix));
    out.append(SpokenAddress(core));
    out.append(word.substr(word.size() - suffix));
  }
  return out;
}

}  // namespace policyreader::text
