// Reading the project's tab-separated data files (voices.tsv, the language
// tables in voices/da, the calls file, the player's resume positions, the
// test corpora): one line a row, fields split on tabs, '#' comment lines and
// blank lines skipped, CRLF line ends and a UTF-8 byte order mark accepted
// (files edited on Windows), an optional header row, and errors that name
// the file and line. What the fields mean, and so every other error, stays
// with each file's loader.
//
// A library of its own, depending on Abseil only, so that service/ and
// client/ libraries at any level can read their files without depending on
// each other.
//
// Thread-safety: Reader is immutable after construction; share freely. The
// free functions are safe from any thread.
#ifndef POLICY_READER_SERVICE_TSV_TSV_H_
#define POLICY_READER_SERVICE_TSV_TSV_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace policyreader::tsv {

// How an error names its place. Both are in use, and tests and operators'
// scripts match them.
enum class LineStyle {
  kColon,  // "calls.tsv:3: what", as compilers print it.
  kWord,   // "units.tsv line 3: what".
};

struct Options {
  // Every row must have exactly this many fields, else Parse fails with
  // "expected 3 tab-separated columns, found 2"; 0 accepts any number and
  // leaves the check to the caller. The header row is exempt: its caller
  // compares it as a whole and says what was expected.
  size_t columns = 0;
  // Named in that error: "written, spoken, ends_sentence" gives "expected 3
  // tab-separated columns (written, spoken, ends_sentence), found 2". Not
  // copied: it must outlive the Reader (a literal, as a rule).
  std::string_view column_names;
  // The first row is a header: Table::header, not one of Table::rows.
  bool header = false;
  // Lines whose first non-blank character is '#' are comments. Off for
  // machine-written files whose first field may start with '#' (a path).
  bool comments = true;
  // ASCII white space around each field is dropped. Off where it is data.
  bool strip_fields = true;
  LineStyle line_style = LineStyle::kColon;
};

// One data line: neither blank nor a comment.
struct Row {
  // 1-based, counting every line of the file, blank and comment ones too.
  int line = 0;
  // The whole line without its line break ("\n" or "\r\n") or byte order
  // mark, and not stripped: for files of one word or phrase a line.
  std::string_view text;
  // `text` split on every tab, so an empty field counts ("a\t\tb" has 3).
  std::vector<std::string_view> fields;
};

struct Table {
  // When Options::header; nullopt if the file has no rows at all.
  std::optional<Row> header;
  std::vector<Row> rows;
};

class Reader {
 public:
  // `file_name` only names the source in error messages.
  explicit Reader(std::string file_name, Options options = {});

  // The rows of `contents`, whose views point into `contents`: it must
  // outlive the Table. INVALID_ARGUMENT at the first row of the wrong width
  // (Options::columns); every width is checked before the caller sees a row,
  // so that error comes before the caller's own about an earlier line.
  absl::StatusOr<Table> Parse(std::string_view contents) const;

  // INVALID_ARGUMENT "<file>:<line>: <what>" or "<file> line <line>: <what>"
  // (Options::line_style), for the caller's errors about a row.
  absl::Status LineError(int line, std::string_view what) const;
  // INVALID_ARGUMENT "<file>: <what>", for the file as a whole ("no rows").
  absl::Status FileError(std::string_view what) const;

  const std::string& file_name() const { return file_name_; }

 private:
  std::string file_name_;
  Options options_;
};

// The whole file as bytes. NOT_FOUND "cannot open <path>" when it cannot be
// opened, UNAVAILABLE "cannot read <path>" when reading fails part way.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace policyreader::tsv

#endif  // POLICY_READER_SERVICE_TSV_TSV_H_
