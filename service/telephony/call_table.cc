// See call_table.h.
#include "service/telephony/call_table.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "service/telephony/audiosocket_codec.h"

namespace policyreader::telephony {

absl::StatusOr<CallTable> CallTable::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the calls file ", path));
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return Parse(contents.str(), path);
}

absl::StatusOr<CallTable> CallTable::Parse(std::string_view contents,
                                           std::string_view file_name) {
  CallTable table;
  int line_number = 0;
  const std::string file(file_name);
  for (absl::string_view line : absl::StrSplit(
           absl::string_view(contents.data(), contents.size()), '\n')) {
    ++line_number;
    absl::ConsumeSuffix(&line, "\r");
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    auto error = [&](const std::string& what) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, ":", line_number, ": ", what));
    };
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 3) {
      return error(absl::StrCat(
          "expected 3 tab-separated fields (uuid or *, document or message, "
          "id or text), found ",
          fields.size()));
    }
    for (std::string& field : fields) absl::StripAsciiWhitespace(&field);
    CallTarget target;
    target.line = line_number;
    if (fields[1] == "document") {
      target.kind = CallTarget::Kind::kDocument;
    } else if (fields[1] == "message") {
      target.kind = CallTarget::Kind::kMessage;
    } else {
      return error(
          absl::StrCat("the second field must be \"document\" or "
                       "\"message\", not \"",
                       fields[1], "\""));
    }
    if (fields[2].empty()) {
      return error(target.kind == CallTarget::Kind::kDocument
                       ? "empty document id"
                       : "empty message text");
    }
    target.value = fields[2];
    if (fields[0] == "*") {
      if (table.default_.has_value()) {
        return error(
            absl::StrCat("a second default row (*); the first is on "
                         "line ",
                         table.default_->line));
      }
      table.default_ = std::move(target);
      continue;
    }
    absl::StatusOr<std::string> bytes = UuidFromString(fields[0]);
    if (!bytes.ok()) return error(std::string(bytes.status().message()));
    const std::string uuid = UuidToString(*bytes);
    auto [it, inserted] = table.by_uuid_.emplace(uuid, target);
    if (!inserted) {
      return error(absl::StrCat("UUID ", uuid, " is already mapped on line ",
                                it->second.line));
    }
  }
  return table;
}

const CallTarget* CallTable::Find(std::string_view uuid) const {
  auto it = by_uuid_.find(
      absl::AsciiStrToLower(absl::string_view(uuid.data(), uuid.size())));
  if (it != by_uuid_.end()) return &it->second;
  return default_.has_value() ? &*default_ : nullptr;
}

}  // namespace policyreader::telephony
