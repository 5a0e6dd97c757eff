// See whitespace.h.
#include "service/text/whitespace.h"

#include "service/text/chars.h"
#include "service/text/utf8.h"

namespace policyreader::text {

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar c = DecodeUtf8(text, pos);
    // An invalid byte decodes as U+FFFD, not a space, so it is copied.
    if (IsSpace(c.code_point)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(text.substr(pos, c.length));
    }
    pos += c.length;
  }
  return out;
}

}  // namespace policyreader::text
