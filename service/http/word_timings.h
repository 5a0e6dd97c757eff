// Word timings for the browser: the engine's word marks (WordMark: a word
// of the spoken text and where it starts in the sentence's audio) turned
// into times in an audio file and tied to the words of the text as
// written, so a player can highlight the written word being said. Served
// by the gateway as JSON and as a WebVTT track next to each library
// sentence's audio and next to each /v1/speech file.
//
// The service keeps no map from spoken to written words (the normalizer
// rewrites numbers, abbreviations, addresses and capitals), so the written
// word is found by aligning the two word sequences: words equal after case
// folding and trimmed punctuation are anchors (longest common subsequence);
// between two anchors, as many spoken as written words pair one to one
// ("3" -> "tre"), and otherwise every spoken word there stands for the
// whole written stretch ("kl. 10.30" for "klokken ti tredive", "F.eks."
// for "for eksempel"). A spoken word with no written stretch (an added
// word) has none, and a player keeps the word before it marked.
//
// Thread-safety: pure functions and plain values; safe from any thread.
#ifndef POLICY_READER_SERVICE_HTTP_WORD_TIMINGS_H_
#define POLICY_READER_SERVICE_HTTP_WORD_TIMINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace policyreader::http {

// One word mark of a sentence, as the stream carries it.
struct SpokenWord {
  uint32_t spoken_begin = 0;  // Bytes into the sentence's spoken_text.
  uint32_t spoken_end = 0;
  uint32_t audio_offset_ms = 0;  // Into the sentence's PCM.
};

struct WordTiming {
  // In the sentence's audio file: [start_ms, end_ms), the lead-in included.
  uint32_t start_ms = 0;
  uint32_t end_ms = 0;
  uint32_t spoken_begin = 0;  // Bytes into spoken_text.
  uint32_t spoken_end = 0;
  // Bytes into the sentence's text as written: [text_begin, text_end);
  // only when has_text.
  bool has_text = false;
  uint32_t text_begin = 0;
  uint32_t text_end = 0;
};

struct SentenceWords {
  uint32_t duration_ms = 0;  // Of the audio file, the lead-in included.
  std::vector<WordTiming> words;
};

// `words` in any order (marks out of range of spoken_text are dropped);
// `lead_in_ms` is what the file plays before the sentence's first sample
// (the MP3 encoder's delay); `audio_ms` the sentence's PCM length. Words
// come out in time order, each ending where the next starts (the last at
// the end of the audio).
SentenceWords MapWordTimings(std::string_view text,
                             std::string_view spoken_text,
                             std::vector<SpokenWord> words, uint32_t lead_in_ms,
                             uint32_t audio_ms);

// One sentence of a text read as one file (GET /v1/speech): where it is in
// the text, what was said, its word marks and where its audio lies in the
// file.
struct SpokenSentence {
  uint32_t text_begin = 0;  // Bytes into the whole text: [text_begin,
  uint32_t text_end = 0;    // text_end).
  std::string spoken_text;
  std::vector<SpokenWord> words;
  uint32_t start_ms = 0;  // In the file, the lead-in included.
  uint32_t audio_ms = 0;
};

// A whole text's word timings: text offsets into the text, spoken offsets
// into the sentences' spoken texts joined by single spaces.
struct TextWords {
  std::string spoken_text;
  SentenceWords timings;
};

// MapWordTimings for each sentence (in the order read) against its stretch
// of `text`, joined into one list in file time.
TextWords MapTextWordTimings(std::string_view text,
                             const std::vector<SpokenSentence>& sentences);

// {"sentence": n, "text": ..., "spoken_text": ..., "duration_ms": ...,
//  "words": [{"start_ms", "end_ms", "spoken", "spoken_begin", "spoken_end",
//  and when the word is tied to the text: "text", "text_begin",
//  "text_end"}]}; offsets are UTF-8 bytes, as everywhere in the API.
std::string WordTimingsJson(uint32_t sentence, std::string_view text,
                            std::string_view spoken_text,
                            const SentenceWords& timings);

// The same without "sentence", for a text of any number of sentences.
std::string TextWordTimingsJson(std::string_view text, const TextWords& words);

// A WebVTT file with one cue per word ("w0", "w1", ...): the written word
// (the spoken one when it has none), for <track kind="metadata">.
std::string WordTimingsVtt(std::string_view text, std::string_view spoken_text,
                           const SentenceWords& timings);

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_WORD_TIMINGS_H_
