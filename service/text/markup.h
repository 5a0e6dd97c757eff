// Recognises angle-bracket tags ("<speak>", "<break time='3s'/>", "</p>",
// "<!-- -->") in plain text. The pipeline never interprets markup: the
// segmenter treats a tag as white space when deciding boundaries, and the
// normalizer removes it so nothing of it reaches the speech engine.
//
// Thread-safety: stateless free functions; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_MARKUP_H_
#define POLICY_READER_SERVICE_TEXT_MARKUP_H_

#include <cstddef>
#include <string_view>

namespace policyreader::text {

// Tags longer than this are taken for a stray '<' (e.g. "3 < 5 ... 7 > 2").
inline constexpr size_t kMaxTagBytes = 512;

// When a tag starts at `pos` ('<' followed by a letter, '/', '!' or '?' and
// closed by '>' before any other '<'), the offset just past its '>';
// otherwise 0.
size_t MarkupTagEnd(std::string_view text, size_t pos);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_MARKUP_H_
