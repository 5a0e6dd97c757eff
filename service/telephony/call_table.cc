// See call_table.h.
#include "service/telephony/call_table.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/telephony/audiosocket_codec.h"
#include "service/tsv/tsv.h"

namespace policyreader::telephony {

absl::StatusOr<CallTable> CallTable::Load(const std::string& path) {
  absl::StatusOr<std::string> contents = tsv::ReadFile(path);
  if (absl::IsNotFound(contents.status())) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the calls file ", path));
  }
  if (!contents.ok()) return contents.status();
  return Parse(*contents, path);
}

absl::StatusOr<CallTable> CallTable::Parse(std::string_view contents,
                                           std::string_view file_name) {
  const tsv::Reader reader{std::string(file_name)};
  absl::StatusOr<tsv::Table> parsed = reader.Parse(contents);
  if (!parsed.ok()) return parsed.status();
  CallTable table;
  for (const tsv::Row& row : parsed->rows) {
    auto error = [&](const std::string& what) {
      return reader.LineError(row.line, what);
    };
    // Counted here, not by the reader: the message says "fields" and what
    // they are, as the sample calls file does.
    if (row.fields.size() != 3) {
      return error(absl::StrCat(
          "expected 3 tab-separated fields (uuid or *, document or message, "
          "id or text), found ",
          row.fields.size()));
    }
    const std::string_view uuid_field = row.fields[0];
    const std::string kind(row.fields[1]);
    CallTarget target;
    target.line = row.line;
    if (kind == "document") {
      target.kind = CallTarget::Kind::kDocument;
    } else if (kind == "message") {
      target.kind = CallTarget::Kind::kMessage;
    } else {
      return error(
          absl::StrCat("the second field must be \"document\" or "
                       "\"message\", not \"",
                       kind, "\""));
    }
    if (row.fields[2].empty()) {
      return error(target.kind == CallTarget::Kind::kDocument
                       ? "empty document id"
                       : "empty message text");
    }
    target.value = std::string(row.fields[2]);
    if (uuid_field == "*") {
      if (table.default_.has_value()) {
        return error(
            absl::StrCat("a second default row (*); the first is on "
                         "line ",
                         table.default_->line));
      }
      table.default_ = std::move(target);
      continue;
    }
    absl::StatusOr<std::string> bytes = UuidFromString(uuid_field);
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
