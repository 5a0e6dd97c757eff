// Checks sentence units by decoding the streams they are joined into with
// the usual tools (opusdec; sox with libsox-fmt-mp3; skipped when missing):
// units of any sentences in any order make one valid stream as long as its
// sentences, the same PCM always gives the same unit, and a framed raw
// sentence ends on a whole frame.
#include "service/audio/sentence_codec.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "tests/service/audio/codec_test_util.h"

namespace policyreader::audio {
namespace {

struct Unit {
  std::vector<std::string> pieces;  // What each encoder call appended.
  uint64_t decoded_samples = 0;
};

// Encodes one sentence in uneven blocks, as a worker delivers it.
Unit EncodeSentence(const SentenceCodecOptions& options,
                    const std::vector<int16_t>& pcm) {
  absl::StatusOr<std::unique_ptr<SentenceEncoder>> encoder =
      MakeSentenceEncoder(options);
  EXPECT_TRUE(encoder.ok()) << encoder.status();
  Unit unit;
  if (!encoder.ok()) return unit;
  const size_t blocks[] = {1, 777, 4410, 96, 12000};
  for (size_t at = 0, i = 0; at < pcm.size(); ++i) {
    const size_t n = std::min(blocks[i % 5], pcm.size() - at);
    std::string piece;
    EXPECT_TRUE(
        (*encoder)
            ->Encode(std::span<const int16_t>(pcm).subspan(at, n), &piece)
            .ok());
    unit.pieces.push_back(std::move(piece));
    at += n;
  }
  std::string tail;
  EXPECT_TRUE((*encoder)->Finish(&tail).ok());
  unit.pieces.push_back(std::move(tail));
  unit.decoded_samples = (*encoder)->decoded_samples();
  return unit;
}

std::string Whole(const Unit& unit) {
  std::string all;
  for (const std::string& piece : unit.pieces) all += piece;
  return all;
}

// Joins units as a stream does: each piece as it comes.
std::string Join(const SentenceCodecOptions& options,
                 const std::vector<Unit>& units) {
  absl::StatusOr<std::unique_ptr<StreamWriter>> writer =
      MakeStreamWriter(options);
  EXPECT_TRUE(writer.ok()) << writer.status();
  std::string out;
  if (!writer.ok()) return out;
  for (size_t u = 0; u < units.size(); ++u) {
    for (size_t p = 0; p < units[u].pieces.size(); ++p) {
      const bool end_of_sentence = p + 1 == units[u].pieces.size();
      EXPECT_TRUE((*writer)
                      ->Write(units[u].pieces[p], end_of_sentence,
                              end_of_sentence && u + 1 == units.size(), &out)
                      .ok());
    }
  }
  return out;
}

TEST(SentenceCodecTest, OpusUnitsMakeOneStreamInAnyOrder) {
  if (!Have("opusdec")) GTEST_SKIP() << "opusdec (opus-tools) not installed";
  const SentenceCodecOptions options{.encoding = Encoding::kOggOpus,
                                     .sample_rate_hz = 24000};
  const std::vector<int16_t> a = SpeechLike(24000, 1.0),
                             b = SpeechLike(24000, 0.5),
                             c = SpeechLike(24000, 2.0);
  const Unit ua = EncodeSentence(options, a), ub = EncodeSentence(options, b),
             uc = EncodeSentence(options, c);
  // Same PCM, same bytes: what makes a unit cacheable.
  EXPECT_EQ(Whole(EncodeSentence(options, b)), Whole(ub));
  for (const std::vector<Unit>& order :
       {std::vector<Unit>{ua, ub, uc}, std::vector<Unit>{uc, ua},
        std::vector<Unit>{ub}}) {
    uint64_t input = 0, decoded = 0;
    for (const Unit& unit : order) decoded += unit.decoded_samples;
    if (order.size() == 3) input = (a.size() + b.size() + c.size()) * 2;
    if (order.size() == 2) input = (c.size() + a.size()) * 2;
    if (order.size() == 1) input = b.size() * 2;
    const std::vector<int16_t> pcm =
        Decode(Join(options, order), ".opus",
               "opusdec --quiet --rate 48000 {in} {out}", 48000);
    // Every input sample comes out; beyond it only the padding of each
    // sentence's last frame, less the pre-skip the header trims.
    EXPECT_GE(pcm.size(), input);
    EXPECT_LE(pcm.size(), decoded);
    EXPECT_LE(decoded - input, order.size() * 2 * (1440 + 312));
  }
  // The level survives: the first second decodes as loud as it went in.
  const std::vector<int16_t> pcm =
      Decode(Join(options, {ua}), ".opus",
             "opusdec --quiet --rate 24000 {in} {out}", 24000);
  ASSERT_GE(pcm.size(), a.size());
  EXPECT_NEAR(Rms(pcm, 0, a.size()), Rms(a, 0, a.size()),
              0.3 * Rms(a, 0, a.size()));
}

TEST(SentenceCodecTest, Mp3UnitsConcatenate) {
  if (!Have("sox")) GTEST_SKIP() << "sox not installed";
  const SentenceCodecOptions options{.encoding = Encoding::kMp3,
                                     .sample_rate_hz = 22050};
  const std::vector<int16_t> a = SpeechLike(22050, 1.0),
                             b = SpeechLike(22050, 0.7);
  const Unit ua = EncodeSentence(options, a), ub = EncodeSentence(options, b);
  EXPECT_EQ(Whole(EncodeSentence(options, a)), Whole(ua));
  const std::vector<int16_t> pcm =
      Decode(Join(options, {ua, ub}), ".mp3", "sox {in} {out}", 22050);
  EXPECT_GE(pcm.size(), a.size() + b.size());
  // LAME's delay and last-frame padding, once per sentence.
  EXPECT_LE(pcm.size(), a.size() + b.size() + 2 * 3 * 1152);
}

TEST(SentenceCodecTest, FramedRawSentencesEndOnAFrame) {
  for (const Encoding encoding :
       {Encoding::kLinear16, Encoding::kAlaw, Encoding::kMulaw}) {
    const SentenceCodecOptions options{
        .encoding = encoding, .sample_rate_hz = 8000, .frame_samples = 160};
    const Unit unit = EncodeSentence(options, SpeechLike(8000, 0.33));
    EXPECT_EQ(unit.decoded_samples, 2720u);  // 2640 samples, padded.
    EXPECT_EQ(Whole(unit).size(), 2720u * BytesPerSample(encoding));
    EXPECT_EQ(Join(options, {unit}), Whole(unit));
  }
}

// A stream sends a listener who reads slowly a unit in slices; the slices
// must be whole records, so the joined stream is the same bytes.
TEST(SentenceCodecTest, UnitsSentInSlicesMakeTheSameStream) {
  struct Case {
    SentenceCodecOptions options;
    size_t record;  // Bytes of one record; 0: variable (Opus packets).
  };
  const Case cases[] = {
      {{.encoding = Encoding::kLinear16, .sample_rate_hz = 22050}, 2},
      {{.encoding = Encoding::kMulaw,
        .sample_rate_hz = 8000,
        .frame_samples = 160},
       160},
      {{.encoding = Encoding::kLinear16,
        .sample_rate_hz = 8000,
        .frame_samples = 160},
       320},
      {{.encoding = Encoding::kMp3, .sample_rate_hz = 22050}, 1},
      {{.encoding = Encoding::kOggOpus, .sample_rate_hz = 24000}, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(EncodingName(c.options.encoding));
    const Unit a =
        EncodeSentence(c.options, SpeechLike(c.options.sample_rate_hz, 1.3));
    const Unit b =
        EncodeSentence(c.options, SpeechLike(c.options.sample_rate_hz, 0.4));
    const std::string expected = Join(c.options, {a, b});
    for (const size_t budget : {size_t{1}, size_t{333}, size_t{4096}}) {
      std::vector<Unit> sliced;
      for (const Unit* unit : {&a, &b}) {
        Unit& out = sliced.emplace_back();
        const std::string whole = Whole(*unit);
        std::string_view rest = whole;
        while (!rest.empty()) {
          const size_t n = WholeRecordsPrefix(c.options, rest, budget);
          ASSERT_GT(n, 0u);
          ASSERT_LE(n, rest.size());
          if (c.record > 0) {
            EXPECT_EQ(n % c.record, 0u);
            EXPECT_LE(n, std::max(budget, c.record));
          }
          out.pieces.emplace_back(rest.substr(0, n));
          rest.remove_prefix(n);
        }
        EXPECT_GT(out.pieces.size(), budget < 4096 ? 2u : 0u);
      }
      EXPECT_TRUE(Join(c.options, sliced) == expected) << "budget " << budget;
    }
  }
}

TEST(SentenceCodecTest, RefusesWhatTheCodecCannotDo) {
  EXPECT_EQ(MakeSentenceEncoder(
                {.encoding = Encoding::kOggOpus, .sample_rate_hz = 22050})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::unique_ptr<StreamWriter>> writer = MakeStreamWriter(
      {.encoding = Encoding::kOggOpus, .sample_rate_hz = 24000});
  ASSERT_TRUE(writer.ok());
  std::string out;
  EXPECT_EQ(
      (*writer)->Write(std::string("\x05\x00\x01", 3), true, true, &out).code(),
      absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace policyreader::audio
