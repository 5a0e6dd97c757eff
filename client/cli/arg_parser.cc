#include "client/cli/arg_parser.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace policyreader::cli {

void ArgParser::AddString(std::string name, std::string* value,
                          std::string help, std::string value_name,
                          char short_name) {
  flags_.push_back(Flag{
      .name = std::move(name),
      .short_name = short_name,
      .value_name = std::move(value_name),
      .help = std::move(help),
      .set =
          [value](std::string_view text) {
            *value = std::string(text);
            return true;
          },
  });
}

void ArgParser::AddDouble(std::string name, double* value, std::string help,
                          std::string value_name) {
  flags_.push_back(Flag{
      .name = std::move(name),
      .value_name = std::move(value_name),
      .help = std::move(help),
      .set =
          [value](std::string_view text) {
            double parsed = 0;
            if (!absl::SimpleAtod(
                    absl::StrReplaceAll(std::string(text), {{",", "."}}),
                    &parsed) ||
                !std::isfinite(parsed)) {
              return false;
            }
            *value = parsed;
            return true;
          },
  });
}

void ArgParser::AddUint32(std::string name, uint32_t* value, std::string help,
                          std::string value_name) {
  flags_.push_back(Flag{
      .name = std::move(name),
      .value_name = std::move(value_name),
      .help = std::move(help),
      .set =
          [value](std::string_view text) {
            // SimpleAtoi would wrap "-1" into a huge unsigned value.
            if (text.empty() || text.front() == '-') return false;
            return absl::SimpleAtoi(std::string(text), value);
          },
  });
}

void ArgParser::AddBool(std::string name, bool* value, std::string help,
                        char short_name) {
  flags_.push_back(Flag{
      .name = std::move(name),
      .short_name = short_name,
      .value_name = "",
      .help = std::move(help),
      .set =
          [value](std::string_view text) {
            return absl::SimpleAtob(std::string(text), value);
          },
  });
}

ArgParser::Flag* ArgParser::Find(std::string_view name) {
  for (Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

ArgParser::Flag* ArgParser::FindShort(char short_name) {
  for (Flag& flag : flags_) {
    if (short_name != 0 && flag.short_name == short_name) return &flag;
  }
  return nullptr;
}

bool ArgParser::WasSet(std::string_view name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return flag.seen;
  }
  return false;
}

absl::StatusOr<std::vector<std::string>> ArgParser::Parse(
    const std::vector<std::string>& args) {
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      positional.insert(positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      positional.push_back(arg);  // Includes "-" (standard output).
      continue;
    }
    Flag* flag = nullptr;
    std::string shown;
    std::optional<std::string> inline_value;
    if (arg[1] == '-') {
      std::string_view body = std::string_view(arg).substr(2);
      if (const size_t equals = body.find('='); equals != body.npos) {
        inline_value = std::string(body.substr(equals + 1));
        body = body.substr(0, equals);
      }
      flag = Find(body);
      shown = absl::StrCat("--", std::string(body));
    } else if (arg.size() == 2) {
      flag = FindShort(arg[1]);
      shown = arg;
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("Ukendt flag: ", shown.empty() ? arg : shown));
    }
    std::string value;
    if (inline_value.has_value()) {
      value = *inline_value;
    } else if (flag->value_name.empty()) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("Flaget ", shown, " mangler en værdi"));
    }
    if (!flag->set(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("Ugyldig værdi for ", shown, ": \"", value, "\""));
    }
    flag->seen = true;
  }
  return positional;
}

std::string ArgParser::Help() const {
  std::vector<std::string> heads;
  size_t width = 0;
  for (const Flag& flag : flags_) {
    std::string head = "  ";
    if (flag.short_name != 0) {
      absl::StrAppend(&head, "-", std::string(1, flag.short_name), ", ");
    }
    absl::StrAppend(&head, "--", flag.name);
    if (!flag.value_name.empty()) absl::StrAppend(&head, " ", flag.value_name);
    width = std::max(width, head.size());
    heads.push_back(std::move(head));
  }
  std::string help;
  for (size_t i = 0; i < flags_.size(); ++i) {
    absl::StrAppend(&help, heads[i],
                    std::string(width + 2 - heads[i].size(), ' '),
                    flags_[i].help, "\n");
  }
  return help;
}

}  // namespace policyreader::cli
