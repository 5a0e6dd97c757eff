#include "client/cli/format.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "client/rpc/calls.h"
#include "google/protobuf/util/json_util.h"
#include "service/text/whitespace.h"

namespace policyreader::cli {

std::string DanishNumber(double value, int decimals) {
  std::string text = absl::StrFormat("%.*f", decimals, value);
  std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string_view KindLabel(v1::SentenceKind kind) {
  switch (kind) {
    case v1::SENTENCE_KIND_PARAGRAPH:
      return "afsnit";
    case v1::SENTENCE_KIND_HEADING:
      return "overskrift";
    case v1::SENTENCE_KIND_LIST_ITEM:
      return "listepunkt";
    default:
      return "ukendt";
  }
}

namespace {

// The proto3 JSON mapping, as grpcurl and other gRPC tools print it, with
// the .proto field names so the output matches the API documentation.
std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options)
           .ok()) {
    return "{}\n";
  }
  return out;
}

}  // namespace

std::string FormatSentencesPlain(const v1::SegmentResponse& response) {
  std::string out;
  for (const v1::Sentence& sentence : response.sentences()) {
    if (!out.empty()) out += "\n";
    absl::StrAppend(
        &out, sentence.index(), "  ", std::string(KindLabel(sentence.kind())),
        "  bytes ", sentence.begin(), "-", sentence.end(), "\n",
        "   tekst:   ", text::CollapseWhitespace(sentence.text()), "\n",
        "   udtales: ", text::CollapseWhitespace(sentence.spoken_text()), "\n");
  }
  return out;
}

std::string FormatSentencesPhonemes(const v1::SegmentResponse& response,
                                    const std::vector<std::string>& spoken,
                                    const std::vector<std::string>& written) {
  std::string out;
  for (int i = 0; i < response.sentences_size(); ++i) {
    const v1::Sentence& sentence = response.sentences(i);
    const std::string& said =
        i < static_cast<int>(spoken.size()) ? spoken[i] : "";
    const std::string& raw =
        i < static_cast<int>(written.size()) ? written[i] : "";
    if (!out.empty()) out += "\n";
    absl::StrAppend(
        &out, sentence.index(), "  ", std::string(KindLabel(sentence.kind())),
        "\n", "   tekst:    ", text::CollapseWhitespace(sentence.text()), "\n",
        "   udtales:  ", text::CollapseWhitespace(sentence.spoken_text()), "\n",
        "   fonemer:  ", text::CollapseWhitespace(said), "\n",
        said == raw ? "   skrevet:  " : " * skrevet:  ",
        text::CollapseWhitespace(raw), "\n");
  }
  return out;
}

namespace {

// Splits `text` (one line, UTF-8) into lines of at most `width` characters,
// breaking at spaces where it can.
std::vector<std::string> Wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t line_chars = 0;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    size_t chars = 0;
    for (char c : word) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (line_chars > 0 && line_chars + 1 + chars > width) {
      lines.push_back(std::move(line));
      line.clear();
      line_chars = 0;
    }
    if (line_chars > 0) {
      line += ' ';
      ++line_chars;
    }
    line.append(word.data(), word.size());
    line_chars += chars;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

size_t CharCount(const std::string& text) {
  size_t chars = 0;
  for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars;
}

}  // namespace

std::string FormatSentencesReview(const v1::SegmentResponse& response,
                                  int width) {
  // "NNNN * " then two columns separated by " | ".
  constexpr size_t kGutter = 7, kSeparator = 3;
  const size_t column = std::max<size_t>(
      15,
      (static_cast<size_t>(std::max(width, 40)) - kGutter - kSeparator) / 2);
  std::string out = absl::StrCat("nr.    ", std::string("skrevet"),
                                 std::string(column - 7, ' '), " | udtalt\n");
  for (const v1::Sentence& sentence : response.sentences()) {
    const std::string original = text::CollapseWhitespace(sentence.text());
    const std::string spoken = text::CollapseWhitespace(sentence.spoken_text());
    if (sentence.kind() == v1::SENTENCE_KIND_HEADING) {
      absl::StrAppend(&out, std::string(kGutter + 2 * column + kSeparator, '-'),
                      "\n");
    }
    std::vector<std::string> left = Wrap(original, column);
    std::vector<std::string> right = Wrap(spoken, column);
    for (size_t row = 0; row < std::max(left.size(), right.size()); ++row) {
      std::string gutter(kGutter, ' ');
      if (row == 0) {
        std::string number = absl::StrCat(sentence.index());
        gutter.replace(0, number.size(), number);
        if (original != spoken) gutter[5] = '*';
      }
      const std::string& l = row < left.size() ? left[row] : std::string();
      const std::string& r = row < right.size() ? right[row] : std::string();
      absl::StrAppend(&out, gutter, l,
                      std::string(column - std::min(column, CharCount(l)), ' '),
                      " | ", r, "\n");
    }
  }
  return out;
}

std::string FormatSentencesJson(const v1::SegmentResponse& response) {
  return ToJson(response);
}

std::string FormatVoicesPlain(const v1::ListVoicesResponse& response) {
  size_t name_width = 0;
  size_t language_width = 0;
  for (const v1::Voice& voice : response.voices()) {
    name_width = std::max(name_width, voice.name().size());
    language_width = std::max(language_width, voice.language().size());
  }
  std::string out;
  for (const v1::Voice& voice : response.voices()) {
    absl::StrAppend(
        &out, voice.name(),
        std::string(name_width + 2 - voice.name().size(), ' '),
        voice.language(),
        std::string(language_width + 2 - voice.language().size(), ' '),
        text::CollapseWhitespace(voice.description()),
        voice.is_default() ? "  (standard)" : "", "\n");
  }
  return out;
}

std::string FormatVoicesJson(const v1::ListVoicesResponse& response) {
  return ToJson(response);
}

namespace {

std::string Count(uint32_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

std::string ListeningTime(uint32_t ms) {
  const uint32_t minutes = (ms + 30000) / 60000;
  if (minutes == 0) return "under 1 minut";
  return absl::StrCat("cirka ", Count(minutes, "minut", "minutter"));
}

// Server text ends a sentence of ours: no doubled full stop.
std::string Sentence(std::string text) {
  text = text::CollapseWhitespace(text);
  if (!text.empty() && text.back() != '.' && text.back() != '!' &&
      text.back() != '?') {
    text += '.';
  }
  return text;
}

}  // namespace

std::string FormatDocumentsPlain(const v1::ListDocumentsResponse& response) {
  if (response.documents().empty()) {
    return "Biblioteket er tomt.\n";
  }
  std::string out;
  for (const v1::Document& doc : response.documents()) {
    const std::string title = text::CollapseWhitespace(doc.title());
    absl::StrAppend(&out, doc.id(), ": ",
                    Sentence(title.empty() ? doc.id() : title), " ");
    if (doc.available()) {
      absl::StrAppend(&out, Count(doc.sentence_count(), "sætning", "sætninger"),
                      ", ", Count(doc.sections_size(), "afsnit", "afsnit"),
                      ", ", ListeningTime(doc.estimated_duration_ms()), ".\n");
    } else {
      absl::StrAppend(
          &out, "Kan ikke læses: ",
          Sentence(doc.unavailable_reason().empty() ? "ukendt årsag"
                                                    : doc.unavailable_reason()),
          "\n");
    }
  }
  absl::StrAppend(&out, "Læs et dokument højt: policy-reader play --doc ID\n");
  return out;
}

std::string FormatDocumentsJson(const v1::ListDocumentsResponse& response) {
  return ToJson(response);
}

std::string FormatPlaybackSummary(const listen::SessionResult& result) {
  const double seconds =
      result.sample_rate_hz > 0
          ? static_cast<double>(result.frames_played) / result.sample_rate_hz
          : 0;
  std::string line =
      absl::StrCat("Afspillet ", DanishNumber(seconds, 1), " s på \"",
                   result.device_name, "\"; underruns: ", result.underruns);
  std::vector<double> latencies = result.key_latencies_ms;
  std::vector<double> from_server = result.key_to_audio_ms;
  if (!latencies.empty() && latencies.size() == from_server.size()) {
    std::sort(latencies.begin(), latencies.end());
    std::sort(from_server.begin(), from_server.end());
    absl::StrAppend(
        &line, "; taster: ", latencies.size(),
        " tryk, fra tast til lyd median ",
        DanishNumber(latencies[latencies.size() / 2], 0), " ms, højst ",
        DanishNumber(latencies.back(), 0), " ms (lyd fra serveren median ",
        DanishNumber(from_server[from_server.size() / 2], 0), " ms, højst ",
        DanishNumber(from_server.back(), 0), " ms; lydenheden lægger ",
        DanishNumber(result.output_latency_s * 1000, 0), " ms til)");
  }
  if (result.reconnects > 0) {
    absl::StrAppend(&line, "; forbundet igen ", result.reconnects,
                    result.reconnects == 1 ? " gang" : " gange");
  }
  return line;
}

std::string_view DanishStatusMessage(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
      return "Serveren kan ikke nås lige nu.";
    case absl::StatusCode::kDeadlineExceeded:
      return "Serveren svarede ikke i tide.";
    case absl::StatusCode::kNotFound:
      return "Serveren kender ikke det, der blev bedt om. Se policy-reader "
             "documents og policy-reader voices.";
    case absl::StatusCode::kInvalidArgument:
      return "Serveren kan ikke bruge det, den fik: teksten eller en af "
             "værdierne er ugyldig.";
    case absl::StatusCode::kOutOfRange:
      return "En af værdierne er uden for det tilladte, fx en sætning der "
             "ikke findes.";
    case absl::StatusCode::kFailedPrecondition:
      return "Serveren kan ikke læse det op, som det er nu.";
    case absl::StatusCode::kResourceExhausted:
      return "Serveren har for travlt lige nu. Prøv igen om lidt.";
    case absl::StatusCode::kCancelled:
      return "Forespørgslen blev afbrudt.";
    case absl::StatusCode::kAborted:
      return "Serveren afbrød forespørgslen. Prøv igen.";
    case absl::StatusCode::kUnimplemented:
      return "Serveren kan ikke det, der blev bedt om; den er måske en "
             "anden version.";
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return "Serveren gav ikke adgang.";
    default:
      return "Der skete en fejl på serveren.";
  }
}

std::string FormatError(const absl::Status& status) {
  if (rpc::IsFromGrpc(status)) {
    return absl::StrCat("Fejl: ",
                        std::string(DanishStatusMessage(status.code())));
  }
  // The client's own words, written for the listener.
  return absl::StrCat("Fejl: ", status.message());
}

std::string FormatErrorDetail(const absl::Status& status) {
  return absl::StrCat("Detaljer: ", absl::StatusCodeToString(status.code()),
                      status.message().empty() ? "" : ": ", status.message());
}

}  // namespace policyreader::cli
