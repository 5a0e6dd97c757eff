#include "service/paths/data_paths.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace policyreader::paths {
namespace {

namespace fs = std::filesystem;

class DataPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("data_paths_test-" + std::to_string(getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Touch(const fs::path& path) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "";
  }

  fs::path root_;
};

TEST_F(DataPathsTest, InstalledPrefix) {
  Touch(root_ / "bin/policy-reader-server");
  Touch(root_ / "libexec/policy-reader/policy-reader-synth-worker");
  const DataPaths paths = DataPathsFor(root_ / "bin/policy-reader-server");
  EXPECT_EQ(paths.data_dir, root_ / "share/policy-reader");
  EXPECT_EQ(paths.voices_dir, root_ / "share/policy-reader/voices");
  EXPECT_EQ(paths.web_dir, root_ / "share/policy-reader/web");
  EXPECT_EQ(paths.worker_binary,
            root_ / "libexec/policy-reader/policy-reader-synth-worker");
}

// The build tree: build/service/ holds server and worker, build/share/
// policy-reader/ the links into the checkout.
TEST_F(DataPathsTest, BuildTreeFindsTheWorkerNextToTheServer) {
  Touch(root_ / "service/policy-reader-server");
  Touch(root_ / "service/policy-reader-synth-worker");
  const DataPaths paths = DataPathsFor(root_ / "service/policy-reader-server");
  EXPECT_EQ(paths.data_dir, root_ / "share/policy-reader");
  EXPECT_EQ(paths.worker_binary, root_ / "service/policy-reader-synth-worker");
}

TEST_F(DataPathsTest, ThisProgramIsWhereProcSaysItIs) {
  absl::StatusOr<DataPaths> paths = DataPathsForThisProgram();
  ASSERT_TRUE(paths.ok()) << paths.status();
  const fs::path self = fs::read_symlink("/proc/self/exe");
  EXPECT_EQ(paths->worker_binary.parent_path(), self.parent_path());
  EXPECT_EQ(paths->data_dir,
            (self.parent_path() / "../share/policy-reader").lexically_normal());
}

}  // namespace
}  // namespace policyreader::paths
