// Makes a TalkingBook (talking_book.h) of a library document or a text
// through a Policy Reader server: the sentences from GetDocument or Segment,
// then the speech from one Synthesize stream in LINEAR16 at 22050 Hz, with
// the voice, speed, pitch and gain of `play` and `speak`. The sentence marks
// of the stream say exactly which PCM samples each sentence is (checked
// against SentenceEnd's sample count), and the PCM goes, as it arrives,
// into the service's own MP3 encoder (service/audio/mp3_encoder.h, the
// settings the service uses for MP3 streams), so clip times are sample
// positions plus the encoder's fixed delay.
//
// Incremental like `render`: the audio is kept in a cache folder with a key
// over everything that decides what it sounds like (book_builder.cc); an
// unchanged document with the same voice settings is not synthesized
// again. One entry per source (a newer key replaces an older one), so the
// cache holds at most one book's audio per document or file name.
//
// Thread-safety: one thread uses a BookBuilder; the canceller in the call
// options may cancel its calls from any thread.
#ifndef POLICY_READER_CLIENT_BOOK_BOOK_BUILDER_H_
#define POLICY_READER_CLIENT_BOOK_BOOK_BUILDER_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/book/talking_book.h"
#include "client/rpc/calls.h"
#include "client/rpc/outline.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"

namespace policyreader::book {

struct BookOptions {
  std::string voice;         // Empty: the server's default.
  double speaking_rate = 0;  // 0: the voice's normal speed.
  double pitch = 0;          // Semitones.
  double volume_db = 0;
  // Where audio is kept between runs; empty: nowhere (always synthesize).
  std::string cache_dir;
  bool force = false;  // Synthesize even when the cache has the audio.
  // Sees the PCM (22050 Hz) as it goes into the encoder, on the calling
  // thread; may be empty. The speech differs a little from one synthesis
  // to the next (eSpeak NG's output is not bit-exact across runs), so this
  // is the one way to hold the very audio the clip times describe, e.g. to
  // measure the MP3 against it or keep a WAV master.
  std::function<void(std::span<const int16_t>)> on_pcm;
};

// Bumped when the way audio or timings are made changes, so cached audio
// is made again.
inline constexpr int kBookFormatVersion = 1;

// $XDG_CACHE_HOME/policy-reader/books, else ~/.cache/policy-reader/books;
// empty if neither is set.
std::string DefaultBookCacheDir();

class BookBuilder {
 public:
  // `stub` must outlive the builder. `unary` and `stream` are the deadlines
  // (and canceller) of the unary calls and of the Synthesize stream.
  BookBuilder(v1::PolicyReader::StubInterface* stub, BookOptions options,
              rpc::CallOptions unary, rpc::CallOptions stream);

  // The book without audio: id, title, sentences and key (cheap: one unary
  // call). `source.document_id` set: that library document; otherwise
  // source.text in source.format, titled by its first heading or
  // source.title. FAILED_PRECONDITION for a document that cannot be read,
  // INVALID_ARGUMENT for a text with nothing to read.
  absl::StatusOr<TalkingBook> Prepare(const rpc::TextSource& source) const;

  // Fills in the audio and timings, from the cache when it holds this key,
  // else by synthesis (and then stores them). `synthesized` (may be null)
  // says which.
  absl::Status AddAudio(const rpc::TextSource& source, TalkingBook* book,
                        bool* synthesized) const;

 private:
  absl::Status Synthesize(const rpc::TextSource& source,
                          TalkingBook* book) const;

  v1::PolicyReader::StubInterface* const stub_;
  const BookOptions options_;
  const rpc::CallOptions unary_;
  const rpc::CallOptions stream_;
};

}  // namespace policyreader::book

#endif  // POLICY_READER_CLIENT_BOOK_BOOK_BUILDER_H_
