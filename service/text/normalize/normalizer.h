// Turns a sentence as written into the text handed to the speech engine.
//
// A fixed sequence of small stages, each a pure function over the text and
// the language rules:
//   1. strip markup     "<speak>", "<break time='3s'/>" and stray '<' '>'
//                       are removed, never passed through (the engine is
//                       called without SSML, and nothing should be read as
//                       "mindre end")
//   2. join hyphenation "forvent-\nninger" -> "forventninger" when the part
//                       after the line break is lower case (or both parts
//                       are capitals); "CO2-\nudledningen" and
//                       "arbejds-\nog" keep their hyphen
//   3. clean characters control characters and soft hyphens removed, every
//                       kind of white space becomes a plain space
//   4. drop bullets     a leading list glyph is not read
//   5. capitals         a sentence written all in capitals ("EN FÆLLES
//                       RAMME") is put in sentence case so it is read as
//                       words, not spelled
//   6. web addresses    "trivsel@kommune.dk" -> "trivsel snabel-a kommune
//                       punktum dk" (web_addresses.h)
//   7. numbers          dates, times, ranges, money, units, §, phone
//                       numbers, ordinals, cardinals in Danish words
//                       (number_patterns.h; the words: danish_numbers.h);
//                       before abbreviations, because "kl.", "kr." and
//                       "mio." are read together with their number
//   8. abbreviations    expanded from the table; "F.eks." at the start of a
//                       sentence becomes "For eksempel"; the dot goes with
//                       the abbreviation, so no pause is added
//   9. words            lexicon respellings, acronyms, symbols
//                       (word_rules.h)
//  10. white space      collapsed, trimmed, no space before , . ; : ! ?
// Every table comes from voices/<language>/ through LanguageRules, so a
// municipality adds terms without recompiling.
//
// Thread-safety: a constructed Normalizer is immutable; Normalize() may be
// called from any number of threads at once.
#ifndef POLICY_READER_SERVICE_TEXT_NORMALIZE_NORMALIZER_H_
#define POLICY_READER_SERVICE_TEXT_NORMALIZE_NORMALIZER_H_

#include <string>
#include <string_view>

#include "service/text/rules.h"

namespace policyreader::text {

class Normalizer {
 public:
  // `rules` must outlive the normalizer.
  explicit Normalizer(const LanguageRules* rules);

  // The spoken form of one sentence (valid UTF-8 in, valid UTF-8 out).
  // Empty when nothing in it is readable (e.g. only tags).
  std::string Normalize(std::string_view sentence_text) const;

  // Whether Normalize(sentence_text) is non-empty, found without
  // normalizing: a word character survives the stages that remove
  // characters (markup, U+FFFD and private-use characters, list glyphs);
  // every later stage replaces words with words. Exact for every text with
  // a word character outside tags, which is every sentence the segmenter
  // makes; symbols alone ("§", read "paragraf") are not readable here. One
  // pass that usually stops at the first letter, so a whole text's
  // sentences can be counted before any of them is normalized. The text
  // tests and the pipeline fuzzer check it against Normalize.
  bool Readable(std::string_view sentence_text) const;

 private:
  const LanguageRules* rules_;
};

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_NORMALIZER_H_
