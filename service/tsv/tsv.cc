// See tsv.h.
#include "service/tsv/tsv.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace policyreader::tsv {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Debian's Abseil has its own string_view type; bridge explicitly.
absl::string_view AsAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

bool IsAsciiSpace(char c) {
  return absl::ascii_isspace(static_cast<unsigned char>(c));
}

std::string_view StripAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitTabs(std::string_view line, bool strip) {
  std::vector<std::string_view> fields;
  while (true) {
    const size_t tab = line.find('\t');
    const std::string_view field = line.substr(0, tab);
    fields.push_back(strip ? StripAsciiSpace(field) : field);
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

}  // namespace

Reader::Reader(std::string file_name, Options options)
    : file_name_(std::move(file_name)), options_(options) {}

absl::StatusOr<Table> Reader::Parse(std::string_view contents) const {
  if (contents.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    contents.remove_prefix(kByteOrderMark.size());
  }
  Table table;
  int line_number = 0;
  while (!contents.empty()) {
    ++line_number;
    const size_t newline = contents.find('\n');
    std::string_view line = contents.substr(0, newline);
    contents.remove_prefix(newline == std::string_view::npos ? contents.size()
                                                             : newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view stripped = StripAsciiSpace(line);
    if (stripped.empty()) continue;
    if (options_.comments && stripped.front() == '#') continue;
    Row row{line_number, line, SplitTabs(line, options_.strip_fields)};
    if (options_.header && !table.header.has_value()) {
      table.header = std::move(row);
      continue;
    }
    if (options_.columns != 0 && row.fields.size() != options_.columns) {
      const std::string names =
          options_.column_names.empty()
              ? std::string()
              : absl::StrCat(" (", AsAbsl(options_.column_names), ")");
      return LineError(
          line_number,
          absl::StrCat("expected ", options_.columns, " tab-separated columns",
                       names, ", found ", row.fields.size()));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

absl::Status Reader::LineError(int line, std::string_view what) const {
  const absl::string_view place =
      options_.line_style == LineStyle::kColon ? ":" : " line ";
  return absl::InvalidArgumentError(
      absl::StrCat(file_name_, place, line, ": ", AsAbsl(what)));
}

absl::Status Reader::FileError(std::string_view what) const {
  return absl::InvalidArgumentError(
      absl::StrCat(file_name_, ": ", AsAbsl(what)));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad())
    return absl::UnavailableError(absl::StrCat("cannot read ", path));
  return contents.str();
}

}  // namespace policyreader::tsv
