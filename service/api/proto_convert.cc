// See proto_convert.h.
#include "service/api/proto_convert.h"

#include "absl/strings/str_cat.h"

namespace policyreader::api {

v1::SentenceKind ToProtoKind(text::SentenceKind kind) {
  switch (kind) {
    case text::SentenceKind::kHeading:
      return v1::SENTENCE_KIND_HEADING;
    case text::SentenceKind::kListItem:
      return v1::SENTENCE_KIND_LIST_ITEM;
    case text::SentenceKind::kParagraph:
      return v1::SENTENCE_KIND_PARAGRAPH;
  }
  return v1::SENTENCE_KIND_UNSPECIFIED;
}

absl::StatusOr<text::TextFormat> FromProtoFormat(v1::TextFormat format) {
  switch (format) {
    case v1::TEXT_FORMAT_UNSPECIFIED:
    case v1::TEXT_FORMAT_PLAIN:
      return text::TextFormat::kPlain;
    case v1::TEXT_FORMAT_MARKDOWN:
      return text::TextFormat::kMarkdown;
    case v1::TEXT_FORMAT_HTML:
      return text::TextFormat::kHtml;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "format ", static_cast<int>(format),
          " is not supported; use TEXT_FORMAT_PLAIN, TEXT_FORMAT_MARKDOWN or "
          "TEXT_FORMAT_HTML"));
  }
}

}  // namespace policyreader::api
