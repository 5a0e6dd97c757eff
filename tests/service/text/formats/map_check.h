// Test helpers shared by the HTML and Markdown format tests: checks that a
// Document's byte maps are sound (always) and exact (on clean input).
#ifndef POLICY_READER_TESTS_SERVICE_TEXT_FORMATS_MAP_CHECK_H_
#define POLICY_READER_TESTS_SERVICE_TEXT_FORMATS_MAP_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "service/text/document.h"
#include "service/text/sentence.h"
#include "service/text/utf8.h"

namespace policyreader::text::formats_test {

inline const char* KindName(SentenceKind kind) {
  switch (kind) {
    case SentenceKind::kHeading:
      return "H";
    case SentenceKind::kListItem:
      return "L";
    case SentenceKind::kParagraph:
      return "P";
  }
  return "?";
}

struct ExpectedBlock {
  SentenceKind kind;
  int level;  // Heading level; 0 for others.
  std::string text;
};

inline std::string Describe(const Document& document) {
  std::string out;
  for (const Block& block : document.blocks) {
    out += KindName(block.kind);
    if (block.kind == SentenceKind::kHeading) {
      out += std::to_string(block.heading_level);
    }
    out += " \"" + block.text + "\"\n";
  }
  return out;
}

inline void ExpectBlocks(const Document& document,
                         const std::vector<ExpectedBlock>& expected) {
  ASSERT_EQ(document.blocks.size(), expected.size()) << Describe(document);
  for (size_t b = 0; b < expected.size(); ++b) {
    const Block& block = document.blocks[b];
    EXPECT_EQ(KindName(block.kind), std::string(KindName(expected[b].kind)))
        << "block " << b << "\n"
        << Describe(document);
    EXPECT_EQ(block.heading_level, expected[b].level) << "block " << b;
    EXPECT_EQ(block.text, expected[b].text) << "block " << b;
  }
}

// Invariants that hold on ANY input: sizes agree, every range lies in the
// input, begin <= end, both arrays are non-decreasing, the text is valid
// UTF-8, no block is empty.
inline void ExpectSoundMap(std::string_view input, const Document& document) {
  for (size_t b = 0; b < document.blocks.size(); ++b) {
    const Block& block = document.blocks[b];
    ASSERT_FALSE(block.text.empty()) << "block " << b;
    ASSERT_EQ(block.source_begin.size(), block.text.size()) << "block " << b;
    ASSERT_EQ(block.source_end.size(), block.text.size()) << "block " << b;
    EXPECT_TRUE(ValidateUtf8(block.text).ok()) << "block " << b;
    if (block.kind == SentenceKind::kHeading) {
      EXPECT_GE(block.heading_level, 1);
      EXPECT_LE(block.heading_level, 6);
    } else {
      EXPECT_EQ(block.heading_level, 0);
    }
    for (size_t i = 0; i < block.text.size(); ++i) {
      ASSERT_LE(block.source_begin[i], block.source_end[i])
          << "block " << b << " byte " << i;
      ASSERT_LE(block.source_end[i], input.size())
          << "block " << b << " byte " << i;
      if (i > 0) {
        ASSERT_LE(block.source_begin[i - 1], block.source_begin[i])
            << "block " << b << " byte " << i;
        ASSERT_LE(block.source_end[i - 1], block.source_end[i])
            << "block " << b << " byte " << i;
      }
    }
  }
}

// Decodes the raw forms the test inputs use. Returns false for anything
// else, which fails the exactness check.
inline bool DecodeRaw(std::string_view raw, std::string* out) {
  if (raw == "\r\n" || raw == "\r") {
    *out = "\n";
    return true;
  }
  if (raw.size() >= 3 && raw[0] == '<' && (raw[1] == 'b' || raw[1] == 'B') &&
      (raw[2] == 'r' || raw[2] == 'R')) {
    *out = "\n";
    return true;
  }
  if (raw.empty() || raw[0] != '&') return false;
  std::string_view name = raw.substr(1);
  if (!name.empty() && name.back() == ';') name.remove_suffix(1);
  if (!name.empty() && name[0] == '#') {
    char32_t code_point = 0;
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    for (char c : name.substr(hex ? 2 : 1)) {
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : 99;
      if (digit >= (hex ? 16 : 10)) return false;
      code_point = code_point * (hex ? 16 : 10) + digit;
    }
    if (code_point == 128) code_point = 0x20AC;  // Windows-1252 euro.
    out->clear();
    AppendUtf8(code_point, out);
    return true;
  }
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"amp", "&"},         {"lt", "<"},          {"gt", ">"},
      {"quot", "\""},       {"apos", "'"},        {"nbsp", "\u00A0"},
      {"aelig", "\u00E6"},  {"oslash", "\u00F8"}, {"aring", "\u00E5"},
      {"AElig", "\u00C6"},  {"Oslash", "\u00D8"}, {"Aring", "\u00C5"},
      {"copy", "\u00A9"},   {"ndash", "\u2013"},  {"mdash", "\u2014"},
      {"hellip", "\u2026"}, {"sect", "\u00A7"},   {"shy", "\u00AD"},
      {"not", "\u00AC"},    {"laquo", "\u00AB"},  {"raquo", "\u00BB"},
      {"euro", "\u20AC"},
  };
  for (const auto& [entity, decoded] : kNames) {
    if (name == entity) {
      *out = std::string(decoded);
      return true;
    }
  }
  return false;
}

// On clean input (valid UTF-8, no tabs): every byte maps to a non-empty
// range; a one-byte range holds exactly that byte; bytes sharing a longer
// range together are the decoded form of its raw text (an entity, a line
// ending, a <br>). So input.substr(begin, end - begin) is the raw form of
// the text, byte for byte.
inline void ExpectExactMap(std::string_view input, const Document& document) {
  ExpectSoundMap(input, document);
  for (size_t b = 0; b < document.blocks.size(); ++b) {
    const Block& block = document.blocks[b];
    size_t i = 0;
    while (i < block.text.size()) {
      const uint32_t begin = block.source_begin[i];
      const uint32_t end = block.source_end[i];
      ASSERT_LT(begin, end)
          << "block " << b << " byte " << i << " maps to nothing";
      size_t run = i + 1;
      while (run < block.text.size() && block.source_begin[run] == begin &&
             block.source_end[run] == end) {
        ++run;
      }
      const std::string_view raw = input.substr(begin, end - begin);
      const std::string_view text =
          std::string_view(block.text).substr(i, run - i);
      if (end - begin == 1) {
        // One source byte each: plain text, or an escaped character.
        for (size_t k = i; k < run; ++k) {
          if (raw == "\r" && block.text[k] == '\n') continue;  // Old Mac.
          EXPECT_EQ(input[block.source_begin[k]], block.text[k])
              << "block " << b << " byte " << k;
        }
      } else {
        std::string decoded;
        EXPECT_TRUE(DecodeRaw(raw, &decoded))
            << "block " << b << " byte " << i << ": raw \"" << raw
            << "\" for \"" << text << "\"";
        EXPECT_EQ(decoded, text) << "block " << b << " byte " << i;
      }
      i = run;
    }
  }
}

}  // namespace policyreader::text::formats_test

#endif  // POLICY_READER_TESTS_SERVICE_TEXT_FORMATS_MAP_CHECK_H_
