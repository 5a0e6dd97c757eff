// Markdown -> Document: CommonMark (via cmark) as blocks in reading order,
// with an exact byte map back into the Markdown source.
//
// Headings (ATX and setext) are headings with their level; paragraphs are
// paragraphs; a paragraph directly in a list item is a list item, and a
// nested list's items are blocks of their own; block quotes contribute
// their paragraphs. Inline markup contributes only what a reader sees:
// emphasis and code spans their text, links their text (not the URL),
// autolinks the URL (which is their visible text), images their alt text
// (in Markdown the alt is written by the author for the reader, unlike the
// logos and icons skipped in HTML). Soft and hard line breaks are "\n"
// mapped to the line ending. Entities ("&amp;") are decoded and map to the
// whole entity; an escaped character ("\*") maps to the character itself.
// Choices:
//   - Code blocks are read as paragraphs: in a policy they hold examples or
//     addresses far more often than program code, and silence would hide
//     content.
//   - HTML blocks are parsed with ParseHtml (same rules: scripts, nav and
//     the like are dropped), their blocks mapped back into the Markdown.
//   - Thematic breaks and link reference definitions are not read.
// White space is as in the source except that each block is trimmed; empty
// blocks are dropped. Tables and other extensions are not CommonMark and
// read as plain paragraph text.
//
// Thread-safety: a pure function; safe from any number of threads.
#ifndef POLICY_READER_SERVICE_TEXT_FORMATS_MARKDOWN_H_
#define POLICY_READER_SERVICE_TEXT_FORMATS_MARKDOWN_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "service/text/document.h"

namespace policyreader::text {

// Never fails on any bytes (invalid UTF-8 and NUL become U+FFFD, mapped to
// the bad bytes); errors only for input too large for 32-bit offsets or
// when the parser cannot allocate.
absl::StatusOr<Document> ParseMarkdown(std::string_view input);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_FORMATS_MARKDOWN_H_
