// See flag_log.h.
#include "service/server/flag_log.h"

#include <map>
#include <string>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "service/logging/log.h"

namespace policyreader::server {

void LogFlags(absl::string_view defined_in, absl::string_view version) {
  // By name, so two start-ups' lines compare line by line.
  std::map<std::string, std::string> values;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (!absl::StrContains(flag->Filename(), defined_in)) continue;
    values[std::string(name)] = flag->CurrentValue();
  }
  logging::Fields flags;
  for (const auto& [name, value] : values) flags.Add(name, value);
  logging::Log(
      logging::Level::kInfo, "config",
      logging::Fields().Add("version", version).AddObject("flags", flags));
}

}  // namespace policyreader::server
