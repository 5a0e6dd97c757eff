// Test support: compares texts by what eSpeak NG will say, not by spelling.
// Two texts sound the same when eSpeak's phoneme transcriptions are equal
// once stress marks, pauses, syllable and word breaks are removed (those
// follow punctuation and compounding, not the words a listener hears).
//
// Thread-safety: one Pronouncer per process (it owns the eSpeak engine), used
// from one thread.
#ifndef POLICY_READER_TESTS_SERVICE_TEXT_CORPUS_PRONUNCIATION_H_
#define POLICY_READER_TESTS_SERVICE_TEXT_CORPUS_PRONUNCIATION_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "service/synth/espeak_engine.h"

namespace policyreader::text {

// eSpeak phonemes without stress (' ,), pauses (_ _: _! _|), breaks (- and
// spaces) and line ends: the sounds, in order.
std::string PhonemeKey(std::string_view espeak_phonemes);

// A reference as eSpeak must be given it to say it the way it is written.
// eSpeak NG misreads most Danish number words ("tre", "otte", "fjorten",
// "halvtreds") and letter names written out ("kå el") while it reads digits
// and capitals right, so the reference's number phrases become digits
// ("nitten hundrede og otteoghalvfems" -> "1998", "fjortende januar" ->
// "14. januar") and runs of letter names capitals ("kå el" -> "K L").
// "en", "et", "anden" and "andet" stay words (they are articles and
// "other" too). Only references go through this; the pipeline's spoken
// text is heard as it is.
std::string CanonicalReference(std::string_view reference);

// `text` with the article "den" left out where it stands before a date
// ("fra den 1. januar" -> "fra 1. januar", "af den femte maj" -> "af femte
// maj"). Danes read a written date with or without it ("af 22. april 2019"
// is "af toogtyvende april" or "af den toogtyvende april", both right), and
// the pages themselves write it or not, so the corpus does not take sides:
// both the spoken text and the reference are compared without it.
std::string WithoutDateArticle(std::string_view text);

// `text` with the digit 1 said "en" or "et" made alike where digits are
// read one by one ("0 et 5" and "nul en 5" -> "0 1 5"): in phone, account
// and case numbers Danes say either, and the collectors wrote both.
std::string WithDigitOnesAlike(std::string_view text);

class Pronouncer {
 public:
  static absl::StatusOr<std::unique_ptr<Pronouncer>> Create();

  // eSpeak NG's phonemes for `text` with the Danish voice, as printed.
  absl::StatusOr<std::string> Phonemes(std::string_view text);
  // PhonemeKey(Phonemes(text)), memoized (references repeat).
  absl::StatusOr<std::string> Key(std::string_view text);

 private:
  explicit Pronouncer(std::unique_ptr<synth::EspeakEngine> engine)
      : engine_(std::move(engine)) {}
  std::unique_ptr<synth::EspeakEngine> engine_;
  absl::flat_hash_map<std::string, std::string> keys_;
};

}  // namespace policyreader::text

#endif  // POLICY_READER_TESTS_SERVICE_TEXT_CORPUS_PRONUNCIATION_H_
