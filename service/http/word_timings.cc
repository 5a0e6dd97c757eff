// See word_timings.h.
#include "service/http/word_timings.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "service/text/chars.h"
#include "service/text/utf8.h"

namespace policyreader::http {
namespace {

// Beyond this many cells the alignment is not worth its time; the whole
// sentence is then one stretch (every spoken word marks the sentence's
// words in proportion).
constexpr size_t kMaxAlignmentCells = 250'000;

// A word of a text: its bytes (punctuation trimmed off) and what it is
// compared by (case folded).
struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string key;
};

// Not part of a word at its edges: sentence punctuation, quotes, brackets
// and dashes. Symbols that are read aloud (§, %, &) stay words.
bool IsEdgePunct(char32_t c) {
  switch (c) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '-':
    case '/':
    case U'\u2013':  // en dash
    case U'\u2014':  // em dash
    case U'\u2026':  // ellipsis
      return true;
    default:
      return text::IsOpeningPunct(c) || text::IsClosingPunct(c);
  }
}

// The word in text[begin, end), trimmed; false when nothing is left.
bool MakeToken(std::string_view text, size_t begin, size_t end, Token* out) {
  while (begin < end) {
    const text::DecodedChar c = text::DecodeUtf8(text, begin);
    if (c.length == 0 || !IsEdgePunct(c.code_point)) break;
    begin += c.length;
  }
  while (end > begin) {
    const text::DecodedChar c = text::DecodeUtf8Before(text, end);
    if (c.length == 0 || !IsEdgePunct(c.code_point)) break;
    end -= c.length;
  }
  if (begin >= end) return false;
  out->begin = static_cast<uint32_t>(begin);
  out->end = static_cast<uint32_t>(end);
  out->key.clear();
  for (size_t at = begin; at < end;) {
    const text::DecodedChar c = text::DecodeUtf8(text, at);
    if (c.length == 0) break;
    text::AppendUtf8(text::ToLower(c.code_point), &out->key);
    at += c.length;
  }
  return true;
}

// The words of `text`: runs of non-space characters, trimmed.
std::vector<Token> Words(std::string_view text) {
  std::vector<Token> words;
  size_t at = 0, start = 0;
  bool in_word = false;
  while (at <= text.size()) {
    const text::DecodedChar c = text::DecodeUtf8(text, at);
    const bool space = c.length == 0 || text::IsSpace(c.code_point);
    if (space && in_word) {
      Token token;
      if (MakeToken(text, start, at, &token)) words.push_back(std::move(token));
      in_word = false;
    } else if (!space && !in_word) {
      start = at;
      in_word = true;
    }
    if (c.length == 0) break;
    at += c.length;
  }
  return words;
}

// Pairs (written, spoken) of equal words, in order: a longest common
// subsequence.
std::vector<std::pair<size_t, size_t>> Anchors(
    const std::vector<Token>& written, const std::vector<Token>& spoken) {
  const size_t n = written.size(), m = spoken.size();
  std::vector<std::pair<size_t, size_t>> anchors;
  if (n == 0 || m == 0 || (n + 1) * (m + 1) > kMaxAlignmentCells) {
    return anchors;
  }
  // lcs[i][j]: of written[i..] and spoken[j..].
  std::vector<uint16_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint16_t& {
    return lcs[i * (m + 1) + j];
  };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) = written[i].key == spoken[j].key
                     ? at(i + 1, j + 1) + 1
                     : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (written[i].key == spoken[j].key) {
      anchors.emplace_back(i, j);
      ++i;
      ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  return anchors;
}

// A JSON string literal; protobuf's printer does the escaping (quotes,
// control characters).
std::string JsonString(std::string_view text) {
  google::protobuf::Value value;
  value.set_string_value(std::string(text));
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(value, &json).ok()) {
    return "\"\"";  // Not UTF-8: the API's texts always are.
  }
  return json;
}

std::string VttTime(uint32_t ms) {
  return absl::StrFormat("%02d:%02d:%02d.%03d", ms / 3'600'000,
                         ms / 60'000 % 60, ms / 1000 % 60, ms % 1000);
}

// Cue text: '&', '<' and '>' are markup in WebVTT.
std::string VttEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '\n' || c == '\r') {
      out += ' ';  // A line break in a cue is fine; a blank line ends it.
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

SentenceWords MapWordTimings(std::string_view text,
                             std::string_view spoken_text,
                             std::vector<SpokenWord> words, uint32_t lead_in_ms,
                             uint32_t audio_ms) {
  SentenceWords result;
  result.duration_ms = lead_in_ms + audio_ms;
  std::stable_sort(words.begin(), words.end(),
                   [](const SpokenWord& a, const SpokenWord& b) {
                     return a.audio_offset_ms < b.audio_offset_ms;
                   });
  std::vector<Token> spoken;
  std::vector<uint32_t> offsets;
  for (const SpokenWord& word : words) {
    Token token;
    if (word.spoken_begin >= word.spoken_end ||
        word.spoken_end > spoken_text.size() ||
        !MakeToken(spoken_text, word.spoken_begin, word.spoken_end, &token)) {
      continue;
    }
    spoken.push_back(std::move(token));
    offsets.push_back(std::min(word.audio_offset_ms, audio_ms));
  }
  const std::vector<Token> written = Words(text);

  // The written stretch [first, last) of each spoken word; first == last:
  // none.
  std::vector<std::pair<size_t, size_t>> stretch(spoken.size(), {0, 0});
  auto fill_gap = [&](size_t w0, size_t w1, size_t s0, size_t s1) {
    if (s0 >= s1 || w0 >= w1) return;
    const bool pairs = w1 - w0 == s1 - s0;
    for (size_t s = s0; s < s1; ++s) {
      stretch[s] = pairs ? std::make_pair(w0 + (s - s0), w0 + (s - s0) + 1)
                         : std::make_pair(w0, w1);
    }
  };
  size_t w = 0, s = 0;
  for (const auto& [wi, si] : Anchors(written, spoken)) {
    fill_gap(w, wi, s, si);
    stretch[si] = {wi, wi + 1};
    w = wi + 1;
    s = si + 1;
  }
  fill_gap(w, written.size(), s, spoken.size());

  for (size_t k = 0; k < spoken.size(); ++k) {
    WordTiming timing;
    timing.start_ms = lead_in_ms + offsets[k];
    timing.end_ms =
        lead_in_ms + (k + 1 < spoken.size() ? offsets[k + 1] : audio_ms);
    timing.spoken_begin = spoken[k].begin;
    timing.spoken_end = spoken[k].end;
    const auto [first, last] = stretch[k];
    if (first < last) {
      timing.has_text = true;
      timing.text_begin = written[first].begin;
      timing.text_end = written[last - 1].end;
    }
    result.words.push_back(timing);
  }
  return result;
}

TextWords MapTextWordTimings(std::string_view text,
                             const std::vector<SpokenSentence>& sentences) {
  TextWords result;
  for (const SpokenSentence& sentence : sentences) {
    const uint32_t end = std::min<uint32_t>(sentence.text_end, text.size());
    const uint32_t begin = std::min(sentence.text_begin, end);
    SentenceWords words =
        MapWordTimings(text.substr(begin, end - begin), sentence.spoken_text,
                       sentence.words, sentence.start_ms, sentence.audio_ms);
    if (!result.spoken_text.empty()) result.spoken_text += ' ';
    const uint32_t spoken_at = result.spoken_text.size();
    result.spoken_text += sentence.spoken_text;
    for (WordTiming& word : words.words) {
      word.spoken_begin += spoken_at;
      word.spoken_end += spoken_at;
      word.text_begin += begin;
      word.text_end += begin;
      result.timings.words.push_back(word);
    }
    result.timings.duration_ms =
        std::max(result.timings.duration_ms, words.duration_ms);
  }
  return result;
}

namespace {

// Written by hand, not from a protobuf Struct (a map): the fields keep one
// order, so the same timings are the same bytes on every server behind one
// strong ETag. `head` opens the object.
std::string TimingsJson(std::string head, std::string_view text,
                        std::string_view spoken_text,
                        const SentenceWords& timings) {
  std::string json = std::move(head);
  absl::StrAppend(&json, "\"text\":", JsonString(text),
                  ",\"spoken_text\":", JsonString(spoken_text),
                  ",\"duration_ms\":", timings.duration_ms, ",\"words\":[");
  for (size_t k = 0; k < timings.words.size(); ++k) {
    const WordTiming& word = timings.words[k];
    absl::StrAppend(
        &json, k == 0 ? "" : ",", "{\"start_ms\":", word.start_ms,
        ",\"end_ms\":", word.end_ms, ",\"spoken\":",
        JsonString(spoken_text.substr(word.spoken_begin,
                                      word.spoken_end - word.spoken_begin)),
        ",\"spoken_begin\":", word.spoken_begin,
        ",\"spoken_end\":", word.spoken_end);
    if (word.has_text) {
      absl::StrAppend(&json, ",\"text\":",
                      JsonString(text.substr(word.text_begin,
                                             word.text_end - word.text_begin)),
                      ",\"text_begin\":", word.text_begin,
                      ",\"text_end\":", word.text_end);
    }
    json += "}";
  }
  json += "]}";
  return json;
}

}  // namespace

std::string WordTimingsJson(uint32_t sentence, std::string_view text,
                            std::string_view spoken_text,
                            const SentenceWords& timings) {
  return TimingsJson(absl::StrCat("{\"sentence\":", sentence, ","), text,
                     spoken_text, timings);
}

std::string TextWordTimingsJson(std::string_view text, const TextWords& words) {
  return TimingsJson("{", text, words.spoken_text, words.timings);
}

std::string WordTimingsVtt(std::string_view text, std::string_view spoken_text,
                           const SentenceWords& timings) {
  std::string vtt = "WEBVTT\n";
  for (size_t k = 0; k < timings.words.size(); ++k) {
    const WordTiming& word = timings.words[k];
    const std::string_view said =
        word.has_text
            ? text.substr(word.text_begin, word.text_end - word.text_begin)
            : spoken_text.substr(word.spoken_begin,
                                 word.spoken_end - word.spoken_begin);
    absl::StrAppend(&vtt, "\nw", k, "\n", VttTime(word.start_ms), " --> ",
                    VttTime(std::max(word.end_ms, word.start_ms + 1)), "\n",
                    VttEscape(said), "\n");
  }
  return vtt;
}

}  // namespace policyreader::http
