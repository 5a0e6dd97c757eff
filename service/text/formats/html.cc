#include "service/text/formats/html.h"

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/text/document.h"
#include "service/text/formats/source_map.h"
#include "service/text/sentence.h"

namespace policyreader::text {
namespace {

using formats_internal::AlignOptions;
using formats_internal::BlockBuilder;
using formats_internal::CachingEntityDecoder;
using formats_internal::DecodedEntity;
using formats_internal::EntityDecoder;
using formats_internal::SourceAligner;

// Gumbo checks element scope by walking its stack of open elements, so its
// time grows with input size times that stack's depth: a megabyte of nested
// <div>s would hold a server thread for tens of seconds. No real page nests
// anywhere near this deep.
constexpr size_t kMaxOpenElements = 1024;

bool IsVoidElement(std::string_view name) {
  static constexpr std::string_view kVoid[] = {
      "area",  "base", "br",   "col",   "embed",  "hr",    "img",
      "input", "link", "meta", "param", "source", "track", "wbr"};
  for (std::string_view v : kVoid) {
    if (name == v) return true;
  }
  return false;
}

// Elements that close an open sibling of the same name (<p>, <li> ...).
bool ClosesSibling(std::string_view name) {
  static constexpr std::string_view kSiblings[] = {
      "p", "li", "dt", "dd", "tr", "td", "th", "option", "tbody", "thead"};
  for (std::string_view v : kSiblings) {
    if (name == v) return true;
  }
  return false;
}

// The deepest stack of open elements the markup builds, as the parser would
// roughly count it; stops counting once past `limit`. Linear in the input.
size_t OpenElementDepth(std::string_view html, size_t limit) {
  std::vector<std::string> stack;
  size_t deepest = 0;
  size_t i = 0;
  while (deepest <= limit) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    if (html.substr(lt, 4) == "<!--") {
      const size_t end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    size_t j = lt + 1;
    const bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    size_t name_end = j;
    while (name_end < html.size() &&
           (absl::ascii_isalnum(html[name_end]) || html[name_end] == '-')) {
      ++name_end;
    }
    const size_t gt = html.find('>', name_end);
    if (name_end == j || gt == std::string_view::npos) {
      i = lt + 1;
      continue;
    }
    std::string name(html.substr(j, name_end - j));
    absl::AsciiStrToLower(&name);
    i = gt + 1;
    if (closing) {
      for (size_t k = stack.size(); k > 0; --k) {
        if (stack[k - 1] == name) {
          stack.resize(k - 1);
          break;
        }
      }
      continue;
    }
    if (name == "script" || name == "style" || name == "textarea" ||
        name == "title") {
      // Raw text: tags inside are not elements.
      const size_t end = html.find("</" + name, i);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (IsVoidElement(name) || html[gt - 1] == '/') continue;
    if (ClosesSibling(name) && !stack.empty() && stack.back() == name) {
      stack.pop_back();
    }
    stack.push_back(std::move(name));
    deepest = std::max(deepest, stack.size());
  }
  return deepest;
}

GumboOptions MakeOptions() {
  GumboOptions options = kGumboDefaultOptions;
  // Error records are never read; on garbage input they would cost memory
  // proportional to the input.
  options.max_errors = 0;
  return options;
}

const GumboOptions& Options() {
  static const GumboOptions options = MakeOptions();
  return options;
}

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&Options(), output);
  }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

GumboOutputPtr Parse(std::string_view input) {
  return GumboOutputPtr(
      gumbo_parse_with_options(&Options(), input.data(), input.size()));
}

const GumboVector* Children(const GumboNode* node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  return nullptr;
}

const GumboNode* Child(const GumboVector* children, unsigned index) {
  return static_cast<const GumboNode*>(children->data[index]);
}

void CollectText(const GumboNode* node, std::string* out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
    if (node->v.text.text != nullptr) out->append(node->v.text.text);
    return;
  }
  const GumboVector* children = Children(node);
  if (children == nullptr) return;
  for (unsigned k = 0; k < children->length; ++k) {
    CollectText(Child(children, k), out);
  }
}

// Decodes a character reference with Gumbo itself, so the map agrees with
// the parser on every one of HTML's 2231 names and its legacy rules
// ("&notit;" is "¬it;"), without a copy of the table here.
DecodedEntity DecodeHtmlEntity(std::string_view candidate) {
  // The "x" keeps a decoded space from being dropped as inter-element
  // white space before <body>.
  const std::string probe = "<body>x" + std::string(candidate);
  GumboOutputPtr output = Parse(probe);
  if (output == nullptr || output->document == nullptr) return {};
  std::string full;
  CollectText(output->document, &full);
  if (full.empty() || full[0] != 'x') return {};
  full.erase(0, 1);
  // What follows the reference inside the candidate stays literal (e.g.
  // "it;" of "&notit;"): the longest common suffix, leaving at least one
  // decoded byte and at least "&" plus one byte consumed.
  size_t suffix = 0;
  while (suffix + 2 < candidate.size() && suffix + 1 < full.size() &&
         candidate[candidate.size() - 1 - suffix] ==
             full[full.size() - 1 - suffix]) {
    ++suffix;
  }
  if (full.empty() || candidate.size() - suffix < 2) return {};
  DecodedEntity decoded;
  decoded.consumed = candidate.size() - suffix;
  decoded.text = full.substr(0, full.size() - suffix);
  if (decoded.text == candidate.substr(0, decoded.consumed)) return {};
  return decoded;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    char x = a[k];
    char y = b[k];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view TrimAscii(std::string_view s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

const char* Attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* attribute =
      gumbo_get_attribute(&element.attributes, name);
  if (attribute == nullptr) return nullptr;
  return attribute->value != nullptr ? attribute->value : "";
}

// ARIA takes the first role token it recognizes; pages rarely list more
// than one, so the first token is what matters.
std::string_view FirstRole(const GumboElement& element) {
  const char* role = Attribute(element, "role");
  if (role == nullptr) return {};
  std::string_view value = TrimAscii(role);
  const size_t space = value.find_first_of(" \t\n\r\f");
  return value.substr(0, space);
}

bool HasRole(const GumboElement& element, std::string_view role) {
  return EqualsIgnoreAsciiCase(FirstRole(element), role);
}

// Tag name of an element Gumbo does not know (dialog, picture, search and
// custom elements are all GUMBO_TAG_UNKNOWN in 0.10).
std::string_view UnknownTagName(const GumboElement& element) {
  GumboStringPiece piece = element.original_tag;
  if (piece.data == nullptr || piece.length == 0) return {};
  gumbo_tag_from_original_text(&piece);
  if (piece.data == nullptr) return {};
  return std::string_view(piece.data, piece.length);
}

bool StyleHides(const char* style) {
  if (style == nullptr) return false;
  std::string compact;
  for (const char* c = style; *c != '\0'; ++c) {
    char ch = *c;
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
      continue;
    }
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    compact.push_back(ch);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool IsSectioning(const GumboElement& element) {
  switch (element.tag) {
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
      return true;
    default:
      return HasRole(element, "main") || HasRole(element, "article");
  }
}

// Whether an element and everything in it is left unread. `in_sectioning`:
// inside article/main/section, where a <header> is the article's own.
bool IsDropped(const GumboElement& element, bool in_sectioning) {
  if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return true;
  switch (element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_METER:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
    case GUMBO_TAG_BGSOUND:
      return true;
    case GUMBO_TAG_HEADER:
      if (!in_sectioning) return true;
      break;
    case GUMBO_TAG_UNKNOWN: {
      const std::string_view name = UnknownTagName(element);
      if (EqualsIgnoreAsciiCase(name, "dialog") ||
          EqualsIgnoreAsciiCase(name, "picture") ||
          EqualsIgnoreAsciiCase(name, "search")) {
        return true;
      }
      break;
    }
    default:
      break;
  }
  if (Attribute(element, "hidden") != nullptr) return true;
  if (const char* aria_hidden = Attribute(element, "aria-hidden");
      aria_hidden != nullptr &&
      EqualsIgnoreAsciiCase(TrimAscii(aria_hidden), "true")) {
    return true;
  }
  if (StyleHides(Attribute(element, "style"))) return true;
  const std::string_view role = FirstRole(element);
  for (const std::string_view chrome :
       {"navigation", "banner", "contentinfo", "search", "complementary",
        "dialog", "alertdialog"}) {
    if (EqualsIgnoreAsciiCase(role, chrome)) return true;
  }
  return false;
}

enum class BlockRole {
  kInline,     // Text flows on in the current block.
  kContainer,  // Ends the current block; its text keeps the outer kind.
  kHeading,
  kListItem,
  kParagraph,  // Ends the current block and starts a plain paragraph.
};

BlockRole RoleOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return BlockRole::kHeading;
    case GUMBO_TAG_LI:
      return BlockRole::kListItem;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
      return BlockRole::kParagraph;
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_MULTICOL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_XMP:
      return BlockRole::kContainer;
    default:
      return BlockRole::kInline;
  }
}

// Elements whose text the tokenizer does not decode entities in.
bool IsRawText(GumboTag tag) {
  return tag == GUMBO_TAG_XMP || tag == GUMBO_TAG_PLAINTEXT;
}

// The source range of a parser string, if it points into `input`.
bool SourceRange(std::string_view input, const GumboStringPiece& piece,
                 size_t* begin, size_t* end) {
  if (piece.data == nullptr) return false;
  const uintptr_t base = reinterpret_cast<uintptr_t>(input.data());
  const uintptr_t data = reinterpret_cast<uintptr_t>(piece.data);
  if (data < base || data - base > input.size()) return false;
  *begin = data - base;
  *end = *begin + std::min(piece.length, input.size() - *begin);
  return true;
}

class HtmlWalker {
 public:
  explicit HtmlWalker(std::string_view input)
      : input_(input),
        aligner_(input),
        entity_decoder_([this](std::string_view source, size_t pos) {
          return decoder_.Decode(source, pos);
        }) {}

  // Walks the content under each root in turn.
  void Walk(const GumboNode* root, bool in_sectioning) {
    struct Frame {
      const GumboNode* node;
      unsigned next_child;
      bool is_block;
      bool sectioning;
      bool raw_text;
    };
    std::vector<Frame> stack;
    sectioning_depth_ = in_sectioning ? 1 : 0;
    raw_depth_ = 0;
    auto enter = [&](const GumboNode* node) {
      switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
          AppendText(node->v.text);
          return;
        case GUMBO_NODE_ELEMENT:
          break;
        default:  // Comments, CDATA, templates, the document node.
          return;
      }
      const GumboElement& element = node->v.element;
      if (IsDropped(element, sectioning_depth_ > 0)) return;
      if (element.tag == GUMBO_TAG_BR) {
        AppendBreak(element);
        return;
      }
      Frame frame{node, 0, false, IsSectioning(element),
                  IsRawText(element.tag)};
      const BlockRole role = RoleOf(element.tag);
      if (role != BlockRole::kInline) {
        Flush();
        frame.is_block = true;
        Context context = contexts_.back();
        if (role == BlockRole::kHeading) {
          context = {SentenceKind::kHeading,
                     1 + static_cast<int>(element.tag - GUMBO_TAG_H1)};
        } else if (role == BlockRole::kListItem) {
          context = {SentenceKind::kListItem, 0};
        } else if (role == BlockRole::kParagraph) {
          context = {SentenceKind::kParagraph, 0};
        }
        contexts_.push_back(context);
      }
      if (frame.sectioning) ++sectioning_depth_;
      if (frame.raw_text) ++raw_depth_;
      stack.push_back(frame);
    };
    enter(root);
    while (!stack.empty()) {
      Frame& top = stack.back();
      const GumboVector* children = Children(top.node);
      if (children != nullptr && top.next_child < children->length) {
        const GumboNode* child = Child(children, top.next_child++);
        enter(child);  // May invalidate `top`.
        continue;
      }
      const Frame done = top;
      stack.pop_back();
      if (done.is_block) {
        Flush();
        contexts_.pop_back();
      }
      if (done.sectioning) --sectioning_depth_;
      if (done.raw_text) --raw_depth_;
    }
    Flush();
  }

  Document Take() { return std::move(document_); }

 private:
  struct Context {
    SentenceKind kind;
    int heading_level;
  };

  void Flush() {
    const Context& context = contexts_.back();
    builder_.Finish(context.kind, context.heading_level, &document_);
  }

  void AppendText(const GumboText& text) {
    if (text.text == nullptr) return;
    const std::string_view decoded(text.text);
    if (decoded.empty()) return;
    size_t begin = 0;
    size_t end = 0;
    if (!SourceRange(input_, text.original_text, &begin, &end)) {
      const uint32_t at = builder_.last_end();
      builder_.Append(decoded, at, at);
      return;
    }
    // The tree is in reading order, the source need not be (text fostered
    // out of a table lands before it); a block's map must not go back.
    if (!builder_.empty() && begin < builder_.last_end()) Flush();
    AlignOptions options;
    options.entities = raw_depth_ > 0 ? nullptr : &entity_decoder_;
    options.skip_tags = true;
    size_t pos = begin;
    aligner_.Align(decoded, &pos, end, options, &builder_);
  }

  void AppendBreak(const GumboElement& element) {
    size_t begin = 0;
    size_t end = 0;
    if (!SourceRange(input_, element.original_tag, &begin, &end) ||
        begin == end) {
      begin = end = builder_.last_end();
    } else if (!builder_.empty() && begin < builder_.last_end()) {
      Flush();
    }
    builder_.Append("\n", static_cast<uint32_t>(begin),
                    static_cast<uint32_t>(end));
  }

  std::string_view input_;
  SourceAligner aligner_;
  CachingEntityDecoder decoder_{&DecodeHtmlEntity,
                                /*require_semicolon=*/false,
                                /*min_length=*/2};
  EntityDecoder entity_decoder_;
  BlockBuilder builder_;
  std::vector<Context> contexts_ = {{SentenceKind::kParagraph, 0}};
  int sectioning_depth_ = 0;
  int raw_depth_ = 0;
  Document document_;
};

struct Roots {
  std::vector<const GumboNode*> nodes;
  bool in_sectioning = false;
};

// The first <main> (or role=main) outside dropped elements; else the
// outermost <article>s; else <body> (or the whole tree when a frameset
// page has none).
Roots FindRoots(const GumboOutput& output) {
  const GumboNode* main = nullptr;
  const GumboNode* body = nullptr;
  std::vector<const GumboNode*> articles;
  struct Frame {
    const GumboNode* node;
    int article_depth;
    int sectioning_depth;
  };
  std::vector<Frame> stack = {{output.root, 0, 0}};
  while (!stack.empty() && main == nullptr) {
    const Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& element = node->v.element;
    if (IsDropped(element, frame.sectioning_depth > 0)) continue;
    if (element.tag == GUMBO_TAG_BODY && body == nullptr) body = node;
    if (element.tag == GUMBO_TAG_MAIN || HasRole(element, "main")) {
      main = node;
      break;
    }
    const bool is_article =
        element.tag == GUMBO_TAG_ARTICLE || HasRole(element, "article");
    if (is_article && frame.article_depth == 0) articles.push_back(node);
    const int article_depth = frame.article_depth + (is_article ? 1 : 0);
    const int sectioning_depth =
        frame.sectioning_depth + (IsSectioning(element) ? 1 : 0);
    // Children pushed in reverse so they pop in document order.
    const GumboVector& children = element.children;
    for (unsigned k = children.length; k > 0; --k) {
      stack.push_back(
          {Child(&children, k - 1), article_depth, sectioning_depth});
    }
  }
  Roots roots;
  if (main != nullptr) {
    roots.nodes = {main};
    roots.in_sectioning = true;
  } else if (!articles.empty()) {
    roots.nodes = std::move(articles);
    roots.in_sectioning = true;
  } else if (body != nullptr) {
    roots.nodes = {body};
  } else if (output.root != nullptr) {
    roots.nodes = {output.root};
  }
  return roots;
}

}  // namespace

absl::StatusOr<Document> ParseHtml(std::string_view input) {
  if (input.size() >= std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(
        "HTML input is over 4 GiB; byte offsets are 32-bit");
  }
  if (OpenElementDepth(input, kMaxOpenElements) > kMaxOpenElements) {
    return absl::InvalidArgumentError(
        absl::StrCat("the HTML nests elements more than ", kMaxOpenElements,
                     " deep; send the page's content, or plain text"));
  }
  GumboOutputPtr output = Parse(input);
  if (output == nullptr || output->root == nullptr) {
    return absl::InternalError("the HTML parser returned no document");
  }
  const Roots roots = FindRoots(*output);
  HtmlWalker walker(input);
  for (const GumboNode* root : roots.nodes) {
    walker.Walk(root, roots.in_sectioning);
  }
  return walker.Take();
}

}  // namespace policyreader::text
