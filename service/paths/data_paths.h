// Where Policy Reader's programs find their data (voices/, the web widget,
// the samples) and the synthesis worker: relative to the running program,
// so the same binaries work from any install prefix and from the build
// tree, and no build-tree path is compiled in.
//
// Installed (cmake --install, GNUInstallDirs):
//   PREFIX/bin/policy-reader-server
//   PREFIX/libexec/policy-reader/policy-reader-synth-worker
//   PREFIX/share/policy-reader/{voices,web,samples}
// Build tree: the programs sit in build/service/ and build/client/, the
// worker next to the server, and configuring writes build/share/
// policy-reader/ as links into the source tree, so the same relative rule
// finds the data there.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef POLICY_READER_SERVICE_PATHS_DATA_PATHS_H_
#define POLICY_READER_SERVICE_PATHS_DATA_PATHS_H_

#include <filesystem>

#include "absl/status/statusor.h"

namespace policyreader::paths {

struct DataPaths {
  // PREFIX/share/policy-reader (it may not exist; callers check the part
  // they need and say which flag overrides it).
  std::filesystem::path data_dir;
  std::filesystem::path voices_dir;  // data_dir/voices
  std::filesystem::path web_dir;     // data_dir/web
  // PREFIX/libexec/policy-reader/policy-reader-synth-worker if it exists,
  // else the worker next to the program (the build tree).
  std::filesystem::path worker_binary;
};

// The paths for a program at `program` (absolute, symlinks resolved).
DataPaths DataPathsFor(const std::filesystem::path& program);

// The paths for the running program (/proc/self/exe).
absl::StatusOr<DataPaths> DataPathsForThisProgram();

}  // namespace policyreader::paths

#endif  // POLICY_READER_SERVICE_PATHS_DATA_PATHS_H_
