// See proto_convert.h.
#include "service/api/proto_convert.h"

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

}  // namespace policyreader::api
