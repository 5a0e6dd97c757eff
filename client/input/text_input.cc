#include "client/input/text_input.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace policyreader::input {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  const bool is_stdin = path == "-";
  const std::string shown = is_stdin ? "standard input" : path;
  std::FILE* file = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int error = errno;
    const std::string message =
        absl::StrCat("Kan ikke læse filen ", shown, ": ", std::strerror(error));
    return error == ENOENT ? absl::NotFoundError(message)
                           : absl::InvalidArgumentError(message);
  }
  struct stat info {};
  if (fstat(fileno(file), &info) == 0 && S_ISDIR(info.st_mode)) {
    if (!is_stdin) std::fclose(file);
    return absl::InvalidArgumentError(
        absl::StrCat("Kan ikke læse filen ", shown, ": det er en mappe"));
  }
  std::string text;
  char buffer[1 << 16];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    text.append(buffer, got);
  }
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  if (!is_stdin) std::fclose(file);
  if (failed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Kan ikke læse filen ", shown, ": ", std::strerror(error)));
  }
  return text;
}

absl::StatusOr<v1::TextFormat> ResolveTextFormat(const std::string& format,
                                                 const std::string& file) {
  std::string name = format;
  if (name.empty()) {
    std::string extension = std::filesystem::path(file).extension().string();
    for (char& c : extension) c = absl::ascii_tolower(c);
    if (extension == ".html" || extension == ".htm") name = "html";
    if (extension == ".md" || extension == ".markdown") name = "markdown";
  }
  if (name.empty() || name == "text") return v1::TEXT_FORMAT_PLAIN;
  if (name == "markdown") return v1::TEXT_FORMAT_MARKDOWN;
  if (name == "html") return v1::TEXT_FORMAT_HTML;
  return absl::InvalidArgumentError(absl::StrCat(
      "Ukendt format \"", name, "\"; brug text, markdown eller html"));
}

}  // namespace policyreader::input
