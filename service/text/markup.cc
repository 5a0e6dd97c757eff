#include "service/text/markup.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace policyreader::text {

size_t MarkupTagEnd(std::string_view text, size_t pos) {
  if (pos + 1 >= text.size() || text[pos] != '<') return 0;
  const char next = text[pos + 1];
  if (!absl::ascii_isalpha(static_cast<unsigned char>(next)) && next != '/' &&
      next != '!' && next != '?') {
    return 0;
  }
  const size_t limit = std::min(text.size(), pos + kMaxTagBytes);
  for (size_t i = pos + 1; i < limit; ++i) {
    if (text[i] == '>') return i + 1;
    if (text[i] == '<') return 0;
  }
  return 0;
}

}  // namespace policyreader::text
