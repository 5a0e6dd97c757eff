// How the CLI shows things: sentences (plain and JSON), voices, the line a
// screen reader reads as a sentence starts, and error messages.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef POLICY_READER_CLIENT_CLI_FORMAT_H_
#define POLICY_READER_CLIENT_CLI_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "client/listen/listening_session.h"
#include "policyreader/v1/policy_reader.pb.h"

namespace policyreader::cli {

// Danish names for people: "afsnit", "overskrift", "listepunkt", "ukendt".
std::string_view KindLabel(v1::SentenceKind kind);

// One block per sentence: index, kind, byte offsets, text and spoken text
// (each on one line), blocks separated by a blank line.
std::string FormatSentencesPlain(const v1::SegmentResponse& response);
// A JSON array of {index, kind, begin, end, text, spoken_text}, one object
// per line, with a trailing newline.
// Original and spoken text in two columns of `width` in all, wrapped at
// spaces; rows where the engine is given something other than what is
// written are marked "*", so a reviewer can skim a whole policy for them.
std::string FormatSentencesReview(const v1::SegmentResponse& response,
                                  int width);
std::string FormatSentencesJson(const v1::SegmentResponse& response);
// FormatSentencesPlain with two more lines a sentence: eSpeak's phonemes of
// the spoken text and of the written text (`spoken[i]`, `written[i]`), the
// second marked "*" where the two differ, i.e. where the rules change what
// is heard.
std::string FormatSentencesPhonemes(const v1::SegmentResponse& response,
                                    const std::vector<std::string>& spoken,
                                    const std::vector<std::string>& written);

// Aligned columns: name, language, description, "(standard)" on the default.
std::string FormatVoicesPlain(const v1::ListVoicesResponse& response);
// A JSON array of {name, language, description, default_speaking_rate,
// is_default}.
std::string FormatVoicesJson(const v1::ListVoicesResponse& response);

// The library as plain lines a screen reader or braille display reads in
// order, no columns: "trivselspolitik: Trivselspolitik for medarbejdere.
// 19 sætninger, 5 afsnit, cirka 1 minut.", or why a document cannot be
// read; then how to play one.
std::string FormatDocumentsPlain(const v1::ListDocumentsResponse& response);
// The ListDocuments response as JSON (proto field names).
std::string FormatDocumentsJson(const v1::ListDocumentsResponse& response);

// `value` with `decimals` decimals and a decimal comma: "12,5".
std::string DanishNumber(double value, int decimals);

// What `play` says at the end (on stderr): seconds played, the device,
// underruns, key latency (median and worst) and reconnects.
std::string FormatPlaybackSummary(const listen::SessionResult& result);

// A Danish sentence for a gRPC status code: what the listener is told when
// a call fails, since the server's and gRPC's own messages are English.
std::string_view DanishStatusMessage(absl::StatusCode code);

// The line a listener reads for an error: "Fejl: " and, for a call's status
// (rpc::IsFromGrpc), DanishStatusMessage; for the client's own statuses,
// whose messages are written in Danish, the message. No English inside.
std::string FormatError(const absl::Status& status);
// For --verbose, on a line of its own: "Detaljer: NOT_FOUND: <message as
// the server or gRPC gave it>".
std::string FormatErrorDetail(const absl::Status& status);

}  // namespace policyreader::cli

#endif  // POLICY_READER_CLIENT_CLI_FORMAT_H_
