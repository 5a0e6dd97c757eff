// Conversions between the text pipeline's types and the API's messages.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_SERVICE_API_PROTO_CONVERT_H_
#define POLICY_READER_SERVICE_API_PROTO_CONVERT_H_

#include "absl/status/statusor.h"
#include "policyreader/v1/policy_reader.pb.h"
#include "service/library/document_library.h"
#include "service/text/document.h"
#include "service/text/sentence.h"

namespace policyreader::api {

v1::SentenceKind ToProtoKind(text::SentenceKind kind);
void ToProtoSentence(const text::Sentence& sentence, size_t index,
                     v1::Sentence* out);
void ToProtoSentenceStart(const text::Sentence& sentence, size_t index,
                          v1::SentenceStart* out);
v1::TextFormat ToProtoFormat(text::TextFormat format);
// A library document's summary; sentences too if `with_sentences`.
void ToProtoDocument(const library::LibraryDocument& doc, bool with_sentences,
                     v1::Document* out);

// INVALID_ARGUMENT for a value this server does not know.
absl::StatusOr<text::TextFormat> FromProtoFormat(v1::TextFormat format);

}  // namespace policyreader::api

#endif  // POLICY_READER_SERVICE_API_PROTO_CONVERT_H_
