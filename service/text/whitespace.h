// Putting text on one line: every run of white space one space, none at the
// ends. For showing a sentence on a line of its own (a braille display, the
// CLI's listings), for comparing lines as keys (web chrome, page furniture),
// and for HTTP speech text, where it also makes the cache key.
//
// White space is Unicode's (text::IsSpace), not only ASCII's: PDFs and web
// pages leave no-break spaces (U+00A0, U+202F) and line separators (U+2028)
// between words, which a reader sees and hears as spaces, and a line of web
// chrome with a no-break space in it is still the same chrome.
//
// Thread-safety: a pure function; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_WHITESPACE_H_
#define POLICY_READER_SERVICE_TEXT_WHITESPACE_H_

#include <string>
#include <string_view>

namespace policyreader::text {

// `text` with each run of white space (ASCII space, tab, line breaks, and
// the Unicode spaces) replaced by one ASCII space, and none at either end.
// All other bytes are kept as they are, invalid UTF-8 included.
std::string CollapseWhitespace(std::string_view text);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_WHITESPACE_H_
