#include "tests/integration/player_lines.h"

#include <regex>
#include <sstream>

#include "absl/strings/numbers.h"

namespace policyreader::testing {

std::optional<size_t> SentenceOf(const std::optional<std::string>& line) {
  static const std::regex kPosition("ætning ([0-9]+) af ([0-9]+):");
  std::smatch match;
  if (!line.has_value() || !std::regex_search(*line, match, kPosition)) {
    return std::nullopt;
  }
  size_t number = 0;
  if (!absl::SimpleAtoi(match[1].str(), &number) || number == 0) {
    return std::nullopt;
  }
  return number - 1;
}

std::vector<size_t> Positions(const std::string& output) {
  std::vector<size_t> positions;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (std::optional<size_t> at = SentenceOf(line)) positions.push_back(*at);
  }
  return positions;
}

}  // namespace policyreader::testing
