// A talking book: a segmented text with its speech and where each sentence
// is in it, written out as an EPUB 3 with Media Overlays or as a DAISY 2.02
// fileset. Everything here is pure (no server, no disk), so the layouts are
// tested on their own; book_builder.h fills a TalkingBook from the server.
//
// EPUB (one archive):
//   mimetype                  first, stored
//   META-INF/container.xml
//   EPUB/package.opf          title, dc:language da, schema.org
//                             accessibility metadata, media:duration
//   EPUB/nav.xhtml            the headings as the table of contents,
//                             nested by level; a page-list when the
//                             source has pages (a PDF)
//   EPUB/text.xhtml           every sentence an element with id "s<index>",
//                             page-break markers "page-<n>"
//   EPUB/text.smil            one <par> per sentence: its element and clip
//   EPUB/audio.mp3            the whole text's speech
//   EPUB/style.css
// DAISY 2.02 (a folder):
//   ncc.html                  title, headings (h1-h6) and pages
//                             (page-normal), linking into the SMIL
//   content.html              the full text, sentences with ids
//   s0001.smil ...            one per section, one <par> per sentence
//   audio.mp3                 the same speech as the EPUB's
//
// Clip times are exact sample positions of the PCM that went into the MP3
// encoder, moved by the encoder's delay: the MP3 has no info frame, so
// decoders play LAME's 1105 samples of lead-in before the first sentence
// (service/audio/mp3_encoder.h). Pages are the PDF's physical pages (the
// service reports the page each sentence begins on), shown by their printed
// labels when the PDF has them; a page is marked before its first sentence.
//
// Thread-safety: plain values and pure functions.
#ifndef POLICY_READER_CLIENT_BOOK_TALKING_BOOK_H_
#define POLICY_READER_CLIENT_BOOK_TALKING_BOOK_H_

#include <cstdint>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "policyreader/v1/policy_reader.pb.h"

namespace policyreader::book {

struct BookSentence {
  uint32_t index = 0;
  std::string text;         // As written.
  std::string spoken_text;  // What the engine is given (not in the book).
  v1::SentenceKind kind = v1::SENTENCE_KIND_PARAGRAPH;
  uint32_t paragraph = 0;
  // The source's page it begins on (1-based); 0 when pages are unknown.
  uint32_t page = 0;
  // A heading's level, 1-6; 0 when unknown.
  uint32_t heading_level = 0;
  // Samples of the PCM fed to the encoder: [begin_sample, end_sample).
  uint64_t begin_sample = 0;
  uint64_t end_sample = 0;
};

struct TalkingBook {
  std::string id;  // Names the files; also in the identifier.
  std::string title;
  std::string key;  // What the audio was made from (book_builder.h).
  std::string voice;
  std::time_t modified = 0;  // When the audio was made.
  std::vector<BookSentence> sentences;
  // The printed label of each page (page N is page_labels[N - 1]) where the
  // source labels them (a PDF's roman front matter); else empty: numbers.
  std::vector<std::string> page_labels;
  std::string mp3;
  int sample_rate_hz = 22050;
  // Samples of the decoded MP3 before the first PCM sample.
  uint64_t lead_in_samples = 0;
};

// Seconds from the start of the decoded audio where `sample` of the PCM
// plays.
double ClipSeconds(const TalkingBook& book, uint64_t sample);
// The whole audio (lead-in and every sentence), in seconds.
double TotalSeconds(const TalkingBook& book);

// "h:mm:ss.fff" (SMIL 3 / EPUB full clock value).
std::string FullClock(double seconds);

// The EPUB archive. INTERNAL if the archive cannot be made; INVALID_ARGUMENT
// for a book without sentences.
absl::StatusOr<std::string> BuildEpub(const TalkingBook& book);

// The DAISY 2.02 fileset: file names and contents.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> BuildDaisy(
    const TalkingBook& book);

// A strong HTTP entity tag (quoted) for the EPUB of `book`: its key and
// everything else the book shows (title, written sentences, kinds), so a
// change that does not change the speech still changes the tag.
std::string EpubEtag(const TalkingBook& book);

// Text escaped for XML content and attribute values.
std::string XmlEscape(std::string_view text);

}  // namespace policyreader::book

#endif  // POLICY_READER_CLIENT_BOOK_TALKING_BOOK_H_
