#include "client/render/prompts.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace policyreader::render {
namespace {

std::string Lower(std::string_view text) {
  return absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
}

// Enough digits for `max_index`, and never fewer than 4, so names of one
// source all have the same width and sort numerically.
int Digits(uint32_t max_index) {
  int digits = 1;
  for (uint32_t n = max_index; n >= 10; n /= 10) ++digits;
  return std::max(digits, 4);
}

void HashField(std::string_view field, uint64_t* state) {
  *state = Fnv1a64(absl::StrCat(field.size(), ":"), *state);
  *state = Fnv1a64(field, *state);
}

}  // namespace

absl::StatusOr<PromptFormat> ParsePromptFormat(std::string_view format,
                                               std::string_view wav_encoding) {
  const std::string name = Lower(format);
  PromptFormat result;
  result.extension = name;
  if (name == "alaw") {
    result.encoding = v1::ALAW;
  } else if (name == "ulaw" || name == "mulaw") {
    result.encoding = v1::MULAW;
    result.extension = "ulaw";
  } else if (name == "sln") {
    result.encoding = v1::LINEAR16;
  } else if (name == "sln16") {
    result.encoding = v1::LINEAR16;
    result.sample_rate_hz = 16000;
  } else if (name == "wav") {
    result.wav = true;
    const std::string inner = Lower(wav_encoding);
    if (inner == "pcm" || inner == "linear16" || inner.empty()) {
      result.encoding = v1::LINEAR16;
    } else if (inner == "alaw") {
      result.encoding = v1::ALAW;
    } else if (inner == "ulaw" || inner == "mulaw") {
      result.encoding = v1::MULAW;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("Ukendt --wav-encoding \"", std::string(wav_encoding),
                       "\"; brug alaw, ulaw eller pcm"));
    }
    result.name = absl::StrCat("wav-", result.encoding == v1::ALAW    ? "alaw"
                                       : result.encoding == v1::MULAW ? "ulaw"
                                                                      : "pcm");
    return result;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("Ukendt --format \"", std::string(format),
                     "\"; brug alaw, ulaw, sln, sln16 eller wav"));
  }
  result.name = result.extension;
  return result;
}

absl::StatusOr<Split> ParseSplit(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower == "sentence" || lower == "saetning" || lower == "sætning") {
    return Split::kSentence;
  }
  if (lower == "paragraph" || lower == "afsnit") return Split::kParagraph;
  if (lower == "document" || lower == "dokument") return Split::kDocument;
  return absl::InvalidArgumentError(
      absl::StrCat("Ukendt --split \"", std::string(name),
                   "\"; brug sentence, paragraph eller document"));
}

std::string_view SplitName(Split split) {
  switch (split) {
    case Split::kSentence:
      return "sentence";
    case Split::kParagraph:
      return "paragraph";
    case Split::kDocument:
      return "document";
  }
  return "sentence";
}

SourceSentence FromProto(const v1::Sentence& sentence) {
  return {.index = sentence.index(),
          .text = sentence.text(),
          .spoken_text = sentence.spoken_text(),
          .begin = sentence.begin(),
          .end = sentence.end(),
          .paragraph = sentence.paragraph(),
          .kind = sentence.kind(),
          .continues = sentence.continues()};
}

std::string SourceId(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> kDanish = {
      {"æ", "ae"}, {"ø", "oe"}, {"å", "aa"},
      {"Æ", "Ae"}, {"Ø", "Oe"}, {"Å", "Aa"}};
  std::string id;
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = name[i];
    if (absl::ascii_isalnum(c) || c == '-' || c == '_') {
      id += static_cast<char>(c);
      ++i;
      continue;
    }
    if (i + 1 < name.size()) {
      auto it = kDanish.find(name.substr(i, 2));
      if (it != kDanish.end()) {
        id += it->second;
        i += 2;
        continue;
      }
    }
    // One '-' for a whole UTF-8 character (or run of odd characters).
    if (id.empty() || id.back() != '-') id += '-';
    ++i;
    while (i < name.size() && (name[i] & 0xC0) == 0x80) ++i;
  }
  return id.empty() ? std::string("tekst") : id;
}

uint64_t Fnv1a64(std::string_view data, uint64_t state) {
  for (unsigned char c : data) {
    state ^= c;
    state *= 1099511628211ULL;
  }
  return state;
}

std::string PromptKey(const KeyParams& params,
                      const std::vector<const SourceSentence*>& sentences) {
  uint64_t state =
      Fnv1a64(absl::StrCat("policy-reader-render/", kPromptFormatVersion));
  HashField(params.voice, &state);
  HashField(absl::StrFormat("%.3f", params.speaking_rate), &state);
  HashField(params.format, &state);
  HashField(absl::StrCat(params.sample_rate_hz), &state);
  HashField(SplitName(params.split), &state);
  for (const SourceSentence* sentence : sentences) {
    HashField(sentence->spoken_text, &state);
    HashField(absl::StrCat(static_cast<int>(sentence->kind)), &state);
    HashField(sentence->continues ? "1" : "0", &state);
  }
  return absl::StrFormat("%016x", state);
}

std::vector<Prompt> GroupPrompts(const Source& source,
                                 const PromptFormat& format, Split split,
                                 const KeyParams& params) {
  std::vector<Prompt> prompts;
  if (source.sentences.empty()) return prompts;
  uint32_t max_sentence = 0, max_paragraph = 0;
  for (const SourceSentence& s : source.sentences) {
    max_sentence = std::max(max_sentence, s.index);
    max_paragraph = std::max(max_paragraph, s.paragraph);
  }
  std::vector<const SourceSentence*> group;
  auto flush = [&] {
    if (group.empty()) return;
    Prompt prompt;
    switch (split) {
      case Split::kSentence:
        prompt.file = absl::StrFormat("%s/%s-s%0*u.%s", source.id, source.id,
                                      Digits(max_sentence), group[0]->index,
                                      format.extension);
        break;
      case Split::kParagraph:
        prompt.file = absl::StrFormat("%s/%s-p%0*u.%s", source.id, source.id,
                                      Digits(max_paragraph),
                                      group[0]->paragraph, format.extension);
        break;
      case Split::kDocument:
        prompt.file = absl::StrCat(source.id, ".", format.extension);
        break;
    }
    prompt.id = source.id;
    prompt.source = source.origin;
    for (size_t i = 0; i < group.size(); ++i) {
      if (i > 0) {
        const char* gap =
            group[i]->paragraph != group[i - 1]->paragraph ? "\n\n" : " ";
        prompt.text += gap;
        prompt.spoken_text += gap;
      }
      prompt.text += group[i]->text;
      prompt.spoken_text += group[i]->spoken_text;
    }
    prompt.begin = group.front()->begin;
    prompt.end = group.back()->end;
    prompt.first_sentence = group.front()->index;
    prompt.last_sentence = group.back()->index;
    prompt.format = format.name;
    prompt.key = PromptKey(params, group);
    prompts.push_back(std::move(prompt));
    group.clear();
  };
  for (const SourceSentence& sentence : source.sentences) {
    const bool new_group =
        !group.empty() && (split == Split::kSentence ||
                           (split == Split::kParagraph &&
                            sentence.paragraph != group.back()->paragraph));
    if (new_group) flush();
    group.push_back(&sentence);
  }
  flush();
  return prompts;
}

RenderPlan PlanRender(
    const std::vector<Prompt>& old, const std::vector<Prompt>& wanted,
    const std::set<std::string>& ids_in_run, bool prune, bool force,
    const std::function<int64_t(const std::string&)>& file_size) {
  RenderPlan plan;
  std::map<std::string_view, size_t> old_by_file;
  for (size_t i = 0; i < old.size(); ++i) old_by_file[old[i].file] = i;
  std::set<std::string_view> wanted_files;
  for (size_t i = 0; i < wanted.size(); ++i) {
    wanted_files.insert(wanted[i].file);
    auto it = old_by_file.find(wanted[i].file);
    const bool same = !force && it != old_by_file.end() &&
                      old[it->second].key == wanted[i].key &&
                      file_size(wanted[i].file) ==
                          static_cast<int64_t>(old[it->second].bytes);
    if (same) {
      plan.unchanged.emplace_back(i, it->second);
    } else {
      plan.synthesize.push_back(i);
    }
  }
  for (size_t i = 0; i < old.size(); ++i) {
    if (wanted_files.contains(old[i].file)) continue;
    if (prune || ids_in_run.contains(old[i].id)) {
      plan.remove.push_back(i);
    } else {
      plan.keep.push_back(i);
    }
  }
  return plan;
}

}  // namespace policyreader::render
