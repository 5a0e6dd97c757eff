// HTML -> Document: the readable content of a web page (a municipal policy
// page, typically) as blocks in reading order, with an exact byte map back
// into the page source.
//
// Parsing is Gumbo's (a complete HTML5 parser), so malformed markup is
// repaired the way browsers repair it. What is kept:
//   - Only the main content: the first <main> (or role=main); else every
//     <article>; else the whole <body>.
//   - Never site chrome or non-content: script, style, noscript, template,
//     head/title, nav, aside, footer, a page-level header (a <header>
//     inside article/main/section/aside is kept: it usually holds the
//     article's title), form controls, svg/math, iframe, embedded media,
//     dialogs, and anything with `hidden`, aria-hidden="true", an inline
//     style display:none or visibility:hidden, or role navigation, banner,
//     contentinfo, search, complementary, dialog or alertdialog.
//   - Images are skipped, alt text included: on municipal pages most images
//     are logos, icons and decoration, and a listener would hear "logo"
//     where a sighted reader sees nothing worth reading.
// Blocks: h1-h6 are headings; each li is a list item (a nested list's items
// are blocks of their own, not part of the outer item's text); p,
// blockquote, td/th, dt/dd, figcaption, caption, pre and text directly in
// div/section/body are paragraphs. Inline elements keep their text inline;
// <br> becomes "\n" mapped to the tag. Entities are decoded and map to the
// whole entity; &nbsp; stays U+00A0 (the text rules treat it as white space
// and the normalizer can still see that "§&nbsp;17" belongs together).
// White space is as in the source except that each block is trimmed; blocks
// that are empty after trimming are dropped.
//
// Thread-safety: a pure function; safe from any number of threads.
#ifndef POLICY_READER_SERVICE_TEXT_FORMATS_HTML_H_
#define POLICY_READER_SERVICE_TEXT_FORMATS_HTML_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "service/text/document.h"

namespace policyreader::text {

// Never fails on any bytes (invalid UTF-8 becomes U+FFFD, mapped to the bad
// bytes); errors only for input too large for 32-bit offsets or when the
// parser cannot allocate.
absl::StatusOr<Document> ParseHtml(std::string_view input);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_FORMATS_HTML_H_
