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

namespace {

// Sentence and SentenceStart carry the same fields.
template <typename Message>
void FillSentence(const text::Sentence& sentence, size_t index, Message* out) {
  out->set_index(static_cast<uint32_t>(index));
  out->set_text(sentence.text);
  out->set_spoken_text(sentence.spoken_text);
  out->set_begin(static_cast<uint32_t>(sentence.begin));
  out->set_end(static_cast<uint32_t>(sentence.end));
  out->set_kind(ToProtoKind(sentence.kind));
  out->set_paragraph(static_cast<uint32_t>(sentence.paragraph));
  out->set_section(sentence.section);
  out->set_continues(sentence.continues);
  out->set_page(static_cast<uint32_t>(sentence.page));
  out->set_heading_level(static_cast<uint32_t>(sentence.heading_level));
}

}  // namespace

void ToProtoSentence(const text::Sentence& sentence, size_t index,
                     v1::Sentence* out) {
  FillSentence(sentence, index, out);
}

void ToProtoSentenceStart(const text::Sentence& sentence, size_t index,
                          v1::SentenceStart* out) {
  FillSentence(sentence, index, out);
}

v1::TextFormat ToProtoFormat(text::TextFormat format) {
  switch (format) {
    case text::TextFormat::kMarkdown:
      return v1::TEXT_FORMAT_MARKDOWN;
    case text::TextFormat::kHtml:
      return v1::TEXT_FORMAT_HTML;
    case text::TextFormat::kPlain:
      return v1::TEXT_FORMAT_PLAIN;
  }
  return v1::TEXT_FORMAT_UNSPECIFIED;
}

void ToProtoDocument(const library::LibraryDocument& doc, bool with_sentences,
                     v1::Document* out) {
  out->set_id(doc.id);
  out->set_title(doc.title);
  out->set_available(doc.available);
  out->set_unavailable_reason(doc.unavailable_reason);
  out->set_format(ToProtoFormat(doc.format));
  out->set_sentence_count(static_cast<uint32_t>(doc.sentences->size()));
  out->set_estimated_duration_ms(
      static_cast<uint32_t>(doc.estimated_duration_ms));
  for (const library::Section& section : doc.sections) {
    v1::Section* s = out->add_sections();
    s->set_title(section.title);
    s->set_first_sentence(static_cast<uint32_t>(section.first_sentence));
  }
  for (const std::string& label : doc.page_labels) out->add_page_labels(label);
  if (!with_sentences) return;
  for (size_t i = 0; i < doc.sentences->size(); ++i) {
    ToProtoSentence((*doc.sentences)[i], i, out->add_sentences());
  }
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
