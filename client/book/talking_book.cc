// EPUB 3 and DAISY 2.02 layouts of a TalkingBook; see talking_book.h.
#include "client/book/talking_book.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "client/book/zip_writer.h"
#include "client/render/prompts.h"

namespace policyreader::book {
namespace {

constexpr char kMp3Name[] = "audio.mp3";

// Written text on one line: PDF line breaks and tabs become spaces, runs of
// spaces one, and control characters (not allowed in XML) go.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == ' ' || u == 0x7f) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Text(const BookSentence& sentence) {
  return XmlEscape(OneLine(sentence.text));
}

std::string SentenceId(const BookSentence& sentence) {
  return absl::StrCat("s", sentence.index);
}

// The book's blocks in reading order: a heading, a list item or a paragraph,
// each its sentences (indices into book.sentences).
struct Block {
  v1::SentenceKind kind = v1::SENTENCE_KIND_PARAGRAPH;
  std::vector<size_t> sentences;
};

std::vector<Block> Blocks(const TalkingBook& book) {
  std::vector<Block> blocks;
  for (size_t i = 0; i < book.sentences.size(); ++i) {
    const BookSentence& s = book.sentences[i];
    const bool same = i > 0 && !blocks.empty() &&
                      book.sentences[i - 1].paragraph == s.paragraph &&
                      s.kind != v1::SENTENCE_KIND_HEADING &&
                      blocks.back().kind == s.kind;
    if (!same) {
      blocks.push_back({.kind = s.kind == v1::SENTENCE_KIND_UNSPECIFIED
                                    ? v1::SENTENCE_KIND_PARAGRAPH
                                    : s.kind,
                        .sentences = {}});
    }
    blocks.back().sentences.push_back(i);
  }
  return blocks;
}

// Sections for DAISY's SMIL files and the NCC: each heading starts one;
// sentences before the first heading form a section of their own, which the
// NCC names by the title.
struct Section {
  size_t first = 0;  // Index into book.sentences.
  size_t end = 0;
  std::string title;  // Escaped.
};

std::vector<Section> Sections(const TalkingBook& book) {
  std::vector<Section> sections;
  for (size_t i = 0; i < book.sentences.size(); ++i) {
    const BookSentence& s = book.sentences[i];
    if (i == 0 || s.kind == v1::SENTENCE_KIND_HEADING) {
      if (!sections.empty()) sections.back().end = i;
      sections.push_back({.first = i,
                          .end = 0,
                          .title = s.kind == v1::SENTENCE_KIND_HEADING
                                       ? Text(s)
                                       : XmlEscape(OneLine(book.title))});
    }
  }
  if (!sections.empty()) sections.back().end = book.sentences.size();
  return sections;
}

// The depth (1-6) of each heading sentence in the book's outline, 0 for
// the others. Without any known level (plain text, PDF) all are 1: a flat
// table of contents. With levels, the shallowest is 1, a heading of
// unknown level is as deep as the one before it, and no heading is more
// than one deeper than the one before it, so the nav's lists and DAISY's
// h1-h6 nest without gaps.
std::vector<int> HeadingDepths(const TalkingBook& book) {
  std::vector<int> depths(book.sentences.size(), 0);
  uint32_t shallowest = 0;
  for (const BookSentence& s : book.sentences) {
    if (s.kind != v1::SENTENCE_KIND_HEADING || s.heading_level == 0) continue;
    if (shallowest == 0 || s.heading_level < shallowest) {
      shallowest = s.heading_level;
    }
  }
  int previous = 0;
  for (size_t i = 0; i < book.sentences.size(); ++i) {
    const BookSentence& s = book.sentences[i];
    if (s.kind != v1::SENTENCE_KIND_HEADING) continue;
    int depth;
    if (shallowest == 0) {
      depth = 1;
    } else if (s.heading_level == 0) {
      depth = std::max(previous, 1);
    } else {
      depth = static_cast<int>(s.heading_level - shallowest) + 1;
    }
    depth = std::clamp(depth, 1, std::min(previous + 1, 6));
    depths[i] = depth;
    previous = depth;
  }
  return depths;
}

// For each sentence, the page numbers whose page begins with it: its own
// page when that is new, and any page before it without a sentence of its
// own (a page inside one long sentence, or a blank page). Empty lists for
// a source without pages.
std::vector<std::vector<uint32_t>> PageStarts(const TalkingBook& book) {
  std::vector<std::vector<uint32_t>> starts(book.sentences.size());
  uint32_t last = 0;
  for (size_t i = 0; i < book.sentences.size(); ++i) {
    const uint32_t page = book.sentences[i].page;
    for (uint32_t p = last + 1; p <= page; ++p) starts[i].push_back(p);
    last = std::max(last, page);
  }
  return starts;
}

bool HasPages(const TalkingBook& book) {
  for (const BookSentence& s : book.sentences) {
    if (s.page > 0) return true;
  }
  return false;
}

std::string PageId(uint32_t page) { return absl::StrCat("page-", page); }

// What the page is called: its printed label, else its number. Escaped.
std::string PageLabel(const TalkingBook& book, uint32_t page) {
  if (page >= 1 && page <= book.page_labels.size() &&
      !book.page_labels[page - 1].empty()) {
    return XmlEscape(OneLine(book.page_labels[page - 1]));
  }
  return absl::StrCat(page);
}

// DAISY 2.02's page classes: arabic numbers are page-normal, roman ones
// front matter, anything else ("A-3") page-special.
const char* DaisyPageClass(std::string_view label) {
  const bool digits = !label.empty() && label.find_first_not_of("0123456789") ==
                                            std::string_view::npos;
  if (digits) return "page-normal";
  const bool roman =
      !label.empty() &&
      label.find_first_not_of("ivxlcdmIVXLCDM") == std::string_view::npos;
  return roman ? "page-front" : "page-special";
}

// EPUB page-break markers, which the page-list points at.
std::string PageBreaks(const TalkingBook& book,
                       const std::vector<uint32_t>& pages) {
  std::string out;
  for (const uint32_t page : pages) {
    absl::StrAppend(
        &out, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"",
        PageId(page), "\" aria-label=\"", PageLabel(book, page), "\"></span>");
  }
  return out;
}

bool HasHeadingLevels(const TalkingBook& book) {
  for (const BookSentence& s : book.sentences) {
    if (s.kind == v1::SENTENCE_KIND_HEADING && s.heading_level > 0) return true;
  }
  return false;
}

// The body of a content document: headings (h1-h6 by HeadingDepths; with
// no levels known the first h1 and the rest h2, as a title over its
// sections), paragraphs and lists, every sentence an element with its id.
// With `page_breaks` (EPUB), a page-break marker goes just before the
// first sentence of each page: before a heading, inside a paragraph or a
// list item (never between <ul> and <li>).
std::string ContentBody(const TalkingBook& book, bool page_breaks) {
  const std::vector<int> depths = HeadingDepths(book);
  const std::vector<std::vector<uint32_t>> pages =
      page_breaks ? PageStarts(book)
                  : std::vector<std::vector<uint32_t>>(book.sentences.size());
  const bool levels = HasHeadingLevels(book);
  bool first_heading = true;
  std::string body;
  bool in_list = false;
  for (const Block& block : Blocks(book)) {
    const bool item = block.kind == v1::SENTENCE_KIND_LIST_ITEM;
    if (in_list && !item) body += "</ul>\n";
    if (!in_list && item) body += "<ul>\n";
    in_list = item;
    if (block.kind == v1::SENTENCE_KIND_HEADING) {
      const size_t i = block.sentences.front();
      const BookSentence& s = book.sentences[i];
      const std::string tag = absl::StrCat(
          "h", levels ? std::max(depths[i], 1) : (first_heading ? 1 : 2));
      first_heading = false;
      absl::StrAppend(&body, PageBreaks(book, pages[i]), "<", tag, " id=\"",
                      SentenceId(s), "\">", Text(s), "</", tag, ">\n");
      continue;
    }
    body += item ? "<li>" : "<p>";
    for (size_t k = 0; k < block.sentences.size(); ++k) {
      const size_t i = block.sentences[k];
      const BookSentence& s = book.sentences[i];
      if (k > 0) body += ' ';
      absl::StrAppend(&body, PageBreaks(book, pages[i]), "<span id=\"",
                      SentenceId(s), "\">", Text(s), "</span>");
    }
    body += item ? "</li>\n" : "</p>\n";
  }
  if (in_list) body += "</ul>\n";
  return body;
}

std::string Iso8601(std::time_t t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromTimeT(t),
                          absl::UTCTimeZone());
}

std::string Identifier(const TalkingBook& book) {
  return absl::StrCat("policy-reader:", book.id, ":", book.key);
}

// Seconds as DAISY's npt clock value, to the millisecond.
std::string Npt(double seconds) {
  return absl::StrFormat("npt=%.3fs", seconds);
}

// "hh:mm:ss" for ncc:totalTime.
std::string HoursMinutesSeconds(double seconds) {
  const int64_t s = static_cast<int64_t>(std::llround(seconds));
  return absl::StrFormat("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
}

double ClipsSeconds(const TalkingBook& book, size_t first, size_t end) {
  return ClipSeconds(book, book.sentences[end - 1].end_sample) -
         ClipSeconds(book, book.sentences[first].begin_sample);
}

constexpr char kAccessibilitySummary[] =
    "Hele teksten er oplæst med syntetisk tale (eSpeak NG), og hver sætning "
    "fremhæves, mens den læses. Overskrifterne er bogens indholdsfortegnelse. "
    "Bogen har ingen billeder og ingen sidetal.";
constexpr char kAccessibilitySummaryWithPages[] =
    "Hele teksten er oplæst med syntetisk tale (eSpeak NG), og hver sætning "
    "fremhæves, mens den læses. Overskrifterne er bogens indholdsfortegnelse, "
    "og sidelisten fører til kildens sider (PDF-filens sidetal). Bogen har "
    "ingen billeder.";

std::string PackageOpf(const TalkingBook& book, const std::string& duration) {
  const bool pages = HasPages(book);
  return absl::StrCat(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="da">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">)",
      XmlEscape(Identifier(book)), R"(</dc:identifier>
<dc:title>)",
      XmlEscape(OneLine(book.title)), R"(</dc:title>
<dc:language>da</dc:language>
<meta property="dcterms:modified">)",
      Iso8601(book.modified), R"(</meta>
<meta property="media:duration" refines="#smil">)",
      duration, R"(</meta>
<meta property="media:duration">)",
      duration, R"(</meta>
<meta property="media:narrator">eSpeak NG</meta>
<meta property="media:active-class">mo-active</meta>
<meta property="schema:accessMode">textual</meta>
<meta property="schema:accessMode">auditory</meta>
<meta property="schema:accessModeSufficient">textual</meta>
<meta property="schema:accessModeSufficient">auditory</meta>
<meta property="schema:accessModeSufficient">textual,auditory</meta>
<meta property="schema:accessibilityFeature">synchronizedAudioText</meta>
<meta property="schema:accessibilityFeature">structuralNavigation</meta>
<meta property="schema:accessibilityFeature">tableOfContents</meta>
<meta property="schema:accessibilityFeature">readingOrder</meta>
<meta property="schema:accessibilityHazard">none</meta>
)",
      pages
          ? R"(<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>
<meta property="schema:accessibilityFeature">pageNavigation</meta>
<dc:source id="src">)" +
                XmlEscape(absl::StrCat("policy-reader:", book.id)) +
                "</dc:source>\n<meta refines=\"#src\" "
                "property=\"source-of\">pagination</meta>\n"
          : std::string(),
      R"(<meta property="schema:accessibilitySummary">)",
      pages ? kAccessibilitySummaryWithPages : kAccessibilitySummary, R"(</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="text" href="text.xhtml" media-type="application/xhtml+xml" media-overlay="smil"/>
<item id="smil" href="text.smil" media-type="application/smil+xml"/>
<item id="audio" href="audio.mp3" media-type="audio/mpeg"/>
<item id="css" href="style.css" media-type="text/css"/>
</manifest>
<spine>
<itemref idref="text"/>
</spine>
</package>
)");
}

std::string XhtmlHead(const TalkingBook& book) {
  return absl::StrCat(R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="da" lang="da">
<head>
<meta charset="utf-8"/>
<title>)",
                      XmlEscape(OneLine(book.title)), R"(</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
)");
}

// The table of contents nested by heading depth: a deeper heading opens a
// list inside the item before it; then the page-list, when there are pages.
std::string NavXhtml(const TalkingBook& book) {
  const std::vector<int> depths = HeadingDepths(book);
  std::string items;
  int open = 1;  // Lists open; the outermost is in the template below.
  bool first = true;
  for (size_t i = 0; i < book.sentences.size(); ++i) {
    if (depths[i] == 0) continue;
    const int depth = depths[i];
    if (!first && depth > open) {
      items += "\n<ol>\n";
      ++open;
    } else if (!first) {
      items += "</li>\n";
      for (; open > depth; --open) items += "</ol>\n</li>\n";
    }
    first = false;
    absl::StrAppend(&items, "<li><a href=\"text.xhtml#",
                    SentenceId(book.sentences[i]), "\">",
                    Text(book.sentences[i]), "</a>");
  }
  if (first) {
    items = absl::StrCat("<li><a href=\"text.xhtml#",
                         SentenceId(book.sentences.front()), "\">",
                         XmlEscape(OneLine(book.title)), "</a></li>\n");
  } else {
    items += "</li>\n";
    for (; open > 1; --open) items += "</ol>\n</li>\n";
  }
  std::string page_list;
  if (HasPages(book)) {
    page_list =
        R"(<nav epub:type="page-list" id="page-list" role="doc-pagelist" hidden="">
<h2>Sider</h2>
<ol>
)";
    for (const std::vector<uint32_t>& starts : PageStarts(book)) {
      for (const uint32_t page : starts) {
        absl::StrAppend(&page_list, "<li><a href=\"text.xhtml#", PageId(page),
                        "\">", PageLabel(book, page), "</a></li>\n");
      }
    }
    page_list += "</ol>\n</nav>\n";
  }
  return absl::StrCat(XhtmlHead(book), R"(<body>
<nav epub:type="toc" id="toc" role="doc-toc">
<h1>Indhold</h1>
<ol>
)",
                      items, R"(</ol>
</nav>
)",
                      page_list, R"(</body>
</html>
)");
}

std::string TextXhtml(const TalkingBook& book) {
  return absl::StrCat(XhtmlHead(book), "<body>\n", ContentBody(book, true),
                      "</body>\n</html>\n");
}

std::string TextSmil(const TalkingBook& book) {
  std::string pars;
  for (const BookSentence& s : book.sentences) {
    absl::StrAppend(
        &pars, "<par id=\"p", s.index, "\"><text src=\"text.xhtml#",
        SentenceId(s), "\"/><audio src=\"", kMp3Name, "\" clipBegin=\"",
        FullClock(ClipSeconds(book, s.begin_sample)), "\" clipEnd=\"",
        FullClock(ClipSeconds(book, s.end_sample)), "\"/></par>\n");
  }
  return absl::StrCat(R"(<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">
<body>
)",
                      pars, R"(</body>
</smil>
)");
}

constexpr char kContainerXml[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
)";

constexpr char kStyleCss[] =
    R"(body { font-family: sans-serif; line-height: 1.5; }
.mo-active { background-color: #ffef9f; color: #000; }
)";

// DAISY 2.02 documents are XHTML 1.0 Transitional.
std::string DaisyHead(const TalkingBook& book, const std::string& meta) {
  return absl::StrCat(
      R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="da" xml:lang="da">
<head>
<meta http-equiv="Content-type" content="text/html; charset=utf-8"/>
<title>)",
      XmlEscape(OneLine(book.title)), "</title>\n", meta, "</head>\n");
}

std::string SmilName(size_t section) {
  return absl::StrFormat("s%04d.smil", section + 1);
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

double ClipSeconds(const TalkingBook& book, uint64_t sample) {
  return static_cast<double>(sample + book.lead_in_samples) /
         book.sample_rate_hz;
}

double TotalSeconds(const TalkingBook& book) {
  return book.sentences.empty()
             ? 0
             : ClipSeconds(book, book.sentences.back().end_sample);
}

std::string FullClock(double seconds) {
  const int64_t ms = std::llround(seconds * 1000);
  return absl::StrFormat("%d:%02d:%02d.%03d", ms / 3600000, ms / 60000 % 60,
                         ms / 1000 % 60, ms % 1000);
}

std::string EpubEtag(const TalkingBook& book) {
  uint64_t state = render::Fnv1a64(absl::StrCat("epub/", book.key, "/"));
  const auto add = [&state](std::string_view field) {
    state = render::Fnv1a64(absl::StrCat(field.size(), ":"), state);
    state = render::Fnv1a64(field, state);
  };
  add(book.id);
  add(book.title);
  for (const std::string& label : book.page_labels) add(label);
  for (const BookSentence& s : book.sentences) {
    add(s.text);
    add(absl::StrCat(static_cast<int>(s.kind), "/", s.paragraph, "/", s.page,
                     "/", s.heading_level));
  }
  return absl::StrFormat("\"book-%016x\"", state);
}

absl::StatusOr<std::string> BuildEpub(const TalkingBook& book) {
  if (book.sentences.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(book.id, " har intet at læse op"));
  }
  const std::string duration =
      FullClock(ClipsSeconds(book, 0, book.sentences.size()));
  ZipWriter zip(book.modified);
  zip.Add("mimetype", "application/epub+zip", /*compress=*/false);
  zip.Add("META-INF/container.xml", kContainerXml);
  zip.Add("EPUB/package.opf", PackageOpf(book, duration));
  zip.Add("EPUB/nav.xhtml", NavXhtml(book));
  zip.Add("EPUB/text.xhtml", TextXhtml(book));
  zip.Add("EPUB/text.smil", TextSmil(book));
  zip.Add("EPUB/style.css", kStyleCss);
  // MP3 does not deflate; storing it keeps it seekable in place too.
  zip.Add("EPUB/audio.mp3", book.mp3, /*compress=*/false);
  return zip.Finish();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> BuildDaisy(
    const TalkingBook& book) {
  if (book.sentences.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(book.id, " har intet at læse op"));
  }
  const std::vector<Section> sections = Sections(book);
  std::vector<std::pair<std::string, std::string>> files;
  const std::string identifier = XmlEscape(Identifier(book));
  const std::string title = XmlEscape(OneLine(book.title));
  double elapsed = 0;
  std::string ncc_body;
  const std::vector<int> depths = HeadingDepths(book);
  const std::vector<std::vector<uint32_t>> pages = PageStarts(book);
  int max_depth = 1;
  size_t page_count = 0, normal_pages = 0, front_pages = 0;
  uint64_t max_page = 0;
  for (size_t k = 0; k < sections.size(); ++k) {
    const Section& section = sections[k];
    const double in_this = ClipsSeconds(book, section.first, section.end);
    std::string pars;
    for (size_t i = section.first; i < section.end; ++i) {
      const BookSentence& s = book.sentences[i];
      absl::StrAppend(&pars, "<par endsync=\"last\" id=\"p", s.index,
                      "\">\n<text src=\"", "content.html#", SentenceId(s),
                      "\" id=\"t", s.index, "\"/>\n<audio src=\"", kMp3Name,
                      "\" clip-begin=\"",
                      Npt(ClipSeconds(book, s.begin_sample)), "\" clip-end=\"",
                      Npt(ClipSeconds(book, s.end_sample)), "\" id=\"a",
                      s.index, "\"/>\n</par>\n");
    }
    files.emplace_back(SmilName(k),
                       absl::StrCat(
                           R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE smil PUBLIC "-//W3C//DTD SMIL 1.0//EN" "http://www.w3.org/TR/REC-smil/SMIL10.dtd">
<smil>
<head>
<meta name="dc:format" content="Daisy 2.02"/>
<meta name="dc:identifier" content=")",
                           identifier, R"("/>
<meta name="dc:title" content=")",
                           title, R"("/>
<meta name="ncc:generator" content="policy-reader"/>
<meta name="ncc:totalElapsedTime" content=")",
                           FullClock(elapsed), R"("/>
<meta name="ncc:timeInThisSmil" content=")",
                           FullClock(in_this), R"("/>
<layout>
<region id="txtView"/>
</layout>
</head>
<body>
<seq dur=")",
                           absl::StrFormat("%.3fs", in_this), "\">\n", pars,
                           "</seq>\n</body>\n</smil>\n"));
    elapsed += in_this;
    const int depth = std::max(depths[section.first], 1);
    max_depth = std::max(max_depth, depth);
    absl::StrAppend(&ncc_body, "<h", depth, k == 0 ? " class=\"title\"" : "",
                    " id=\"h", k + 1, "\"><a href=\"", SmilName(k), "#t",
                    book.sentences[section.first].index, "\">", section.title,
                    "</a></h", depth, ">\n");
    // The section's pages, after its heading (the NCC opens with the
    // title's h1), each pointing at the first sentence on the page.
    for (size_t i = section.first; i < section.end; ++i) {
      for (const uint32_t page : pages[i]) {
        const std::string label = PageLabel(book, page);
        const std::string page_class = DaisyPageClass(label);
        ++page_count;
        if (page_class == "page-normal") {
          ++normal_pages;
          uint64_t number = 0;
          if (absl::SimpleAtoi(label, &number)) {
            max_page = std::max(max_page, number);
          }
        } else if (page_class == "page-front") {
          ++front_pages;
        }
        absl::StrAppend(&ncc_body, "<span class=\"", page_class, "\" id=\"",
                        PageId(page), "\">");
        absl::StrAppend(&ncc_body, "<a href=\"", SmilName(k), "#t",
                        book.sentences[i].index, "\">", label, "</a></span>\n");
      }
    }
  }
  const std::string date = absl::FormatTime(
      "%Y-%m-%d", absl::FromTimeT(book.modified), absl::UTCTimeZone());
  // The NCC, the text, the SMIL files and the audio.
  const size_t file_count = sections.size() + 3;
  const std::string ncc_meta =
      absl::StrCat(R"(<meta name="dc:title" content=")", title, R"("/>
<meta name="dc:creator" content="policy-reader"/>
<meta name="dc:date" content=")",
                   date, R"(" scheme="yyyy-mm-dd"/>
<meta name="dc:format" content="Daisy 2.02"/>
<meta name="dc:identifier" content=")",
                   identifier, R"("/>
<meta name="dc:language" content="da" scheme="ISO 639"/>
<meta name="dc:publisher" content="policy-reader"/>
<meta name="ncc:charset" content="utf-8"/>
<meta name="ncc:generator" content="policy-reader"/>
<meta name="ncc:narrator" content="eSpeak NG"/>
<meta name="ncc:depth" content=")",
                   max_depth, R"("/>
<meta name="ncc:files" content=")",
                   file_count, R"("/>
<meta name="ncc:footnotes" content="0"/>
<meta name="ncc:maxPageNormal" content=")",
                   max_page, R"("/>
<meta name="ncc:multimediaType" content="audioFullText"/>
<meta name="ncc:pageFront" content=")",
                   front_pages, R"("/>
<meta name="ncc:pageNormal" content=")",
                   normal_pages, R"("/>
<meta name="ncc:pageSpecial" content=")",
                   page_count - normal_pages - front_pages, R"("/>
<meta name="ncc:prodNotes" content="0"/>
<meta name="ncc:setInfo" content="1 of 1"/>
<meta name="ncc:sidebars" content="0"/>
<meta name="ncc:tocItems" content=")",
                   sections.size() + page_count, R"("/>
<meta name="ncc:totalTime" content=")",
                   HoursMinutesSeconds(elapsed), R"("/>
)");
  files.emplace(files.begin(), "ncc.html",
                absl::StrCat(DaisyHead(book, ncc_meta), "<body>\n", ncc_body,
                             "</body>\n</html>\n"));
  files.emplace(files.begin() + 1, "content.html",
                absl::StrCat(DaisyHead(book, ""), "<body>\n",
                             ContentBody(book, false), "</body>\n</html>\n"));
  files.emplace_back(kMp3Name, book.mp3);
  return files;
}

}  // namespace policyreader::book
