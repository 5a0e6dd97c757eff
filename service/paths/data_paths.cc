#include "service/paths/data_paths.h"

#include <system_error>

#include "absl/strings/str_cat.h"

// Relative to the directory of the installed programs; CMake computes them
// from GNUInstallDirs (service/paths/CMakeLists.txt).
#ifndef POLICY_READER_BIN_TO_DATA
#error "POLICY_READER_BIN_TO_DATA must be defined by the build"
#endif
#ifndef POLICY_READER_BIN_TO_LIBEXEC
#error "POLICY_READER_BIN_TO_LIBEXEC must be defined by the build"
#endif

namespace policyreader::paths {
namespace {

constexpr char kWorkerName[] = "policy-reader-synth-worker";

}  // namespace

DataPaths DataPathsFor(const std::filesystem::path& program) {
  const std::filesystem::path bin_dir = program.parent_path();
  DataPaths paths;
  paths.data_dir = (bin_dir / POLICY_READER_BIN_TO_DATA).lexically_normal();
  paths.voices_dir = paths.data_dir / "voices";
  paths.web_dir = paths.data_dir / "web";
  const std::filesystem::path installed_worker =
      (bin_dir / POLICY_READER_BIN_TO_LIBEXEC / kWorkerName).lexically_normal();
  std::error_code error;
  paths.worker_binary = std::filesystem::exists(installed_worker, error)
                            ? installed_worker
                            : bin_dir / kWorkerName;
  return paths;
}

absl::StatusOr<DataPaths> DataPathsForThisProgram() {
  std::error_code error;
  const std::filesystem::path self =
      std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read /proc/self/exe to find the program's data (",
                     error.message(), "); is /proc mounted?"));
  }
  return DataPathsFor(self);
}

}  // namespace policyreader::paths
