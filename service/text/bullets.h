// Glyphs that only ever mark list items ("•", "▪", the Symbol-font bullet
// PDF extraction leaves behind, ...). The segmenter starts a list item at
// one; the normalizer makes sure none is read aloud. Dashes and '*' also
// mark items but are ambiguous, so only the segmenter knows about them.
//
// Thread-safety: constant data.
#ifndef POLICY_READER_SERVICE_TEXT_BULLETS_H_
#define POLICY_READER_SERVICE_TEXT_BULLETS_H_

#include <string_view>

namespace policyreader::text {

inline constexpr std::string_view kListGlyphs[] = {
    "\u2022",  // • bullet
    "\u25E6",  // ◦ white bullet
    "\u25AA",  // ▪ small black square
    "\u25AB",  // ▫ small white square
    "\u25CF",  // ● black circle
    "\u25CB",  // ○ white circle
    "\u25A0",  // ■ black square
    "\u25A1",  // □ white square
    "\u2023",  // ‣ triangular bullet
    "\u2043",  // ⁃ hyphen bullet
    "\u2219",  // ∙ bullet operator
    "\u27A2",  // ➢ arrowhead
    "\u25BA",  // ► pointer
    "\u2713",  // ✓ check mark
    "\u2714",  // ✔ heavy check mark
    "\uF0B7",  // Symbol-font bullet (private use) from PDF extraction
    "\uF0A7",  // Wingdings square, same origin
};

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_BULLETS_H_
