#include "client/listen/resume_store.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace policyreader::listen {
namespace {

rpc::Outline MakeOutline(const std::vector<std::string>& texts) {
  rpc::Outline outline;
  for (const std::string& text : texts) outline.sentences.push_back({text, -1});
  return outline;
}

class ResumeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("resume_store_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path() const { return (dir_ / "sub" / "positions.tsv").string(); }

  std::filesystem::path dir_;
};

TEST_F(ResumeStoreTest, RemembersPerDocumentAndForgets) {
  const rpc::Outline a = MakeOutline({"A0", "A1", "A2"});
  const rpc::Outline b = MakeOutline({"B0", "B1"});
  ResumeStore store(Path());
  EXPECT_EQ(store.Find("doc:a", a), std::nullopt);
  ASSERT_TRUE(store.Save("doc:a", a, 2).ok());
  ASSERT_TRUE(store.Save("doc:b", b, 1).ok());
  ASSERT_TRUE(store.Save("doc:a", a, 1).ok());  // Replaces, not appends.
  ResumeStore reopened(Path());
  EXPECT_EQ(reopened.Find("doc:a", a), 1u);
  EXPECT_EQ(reopened.Find("doc:b", b), 1u);
  ASSERT_TRUE(reopened.Forget("doc:a").ok());
  EXPECT_EQ(reopened.Find("doc:a", a), std::nullopt);
  EXPECT_EQ(reopened.Find("doc:b", b), 1u);
  EXPECT_FALSE(std::filesystem::exists(Path() + ".tmp"));
}

TEST_F(ResumeStoreTest, RemembersTheSpeedWithThePlace) {
  const rpc::Outline a = MakeOutline({"A0", "A1", "A2"});
  ResumeStore store(Path());
  ASSERT_TRUE(store.Save("doc:a", a, 2, 1.75).ok());
  ASSERT_TRUE(store.Save("doc:b", a, 1).ok());  // No speed.
  ResumeStore reopened(Path());
  std::optional<ResumeStore::Place> place = reopened.FindPlace("doc:a", a);
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->sentence, 2u);
  EXPECT_DOUBLE_EQ(place->speed, 1.75);
  place = reopened.FindPlace("doc:b", a);
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->speed, 0);
  // The speed follows a sentence that moved.
  place = reopened.FindPlace("doc:a", MakeOutline({"Ny", "A0", "A1", "A2"}));
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->sentence, 3u);
  EXPECT_DOUBLE_EQ(place->speed, 1.75);
}

TEST_F(ResumeStoreTest, ReadsOldLinesAndADamagedSpeedKeepsThePlace) {
  const rpc::Outline a = MakeOutline({"A0", "A1", "A2"});
  std::filesystem::create_directories(dir_ / "sub");
  std::ofstream(Path()) << "doc:old\t1\t"
                        << absl::StrCat(absl::Hex(Fingerprint("A1"))) << "\n"
                        << "doc:bad\t2\t"
                        << absl::StrCat(absl::Hex(Fingerprint("A2")))
                        << "\thurtigt\n"
                        << "doc:fast\t1\t"
                        << absl::StrCat(absl::Hex(Fingerprint("A1")))
                        << "\t9\n";  // Beyond the player's 3x.
  ResumeStore store(Path());
  std::optional<ResumeStore::Place> place = store.FindPlace("doc:old", a);
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->sentence, 1u);
  EXPECT_EQ(place->speed, 0);
  place = store.FindPlace("doc:bad", a);
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->sentence, 2u);
  EXPECT_EQ(place->speed, 0);
  place = store.FindPlace("doc:fast", a);
  ASSERT_TRUE(place.has_value());
  EXPECT_EQ(place->sentence, 1u);
  EXPECT_EQ(place->speed, 0);
}

TEST_F(ResumeStoreTest, FollowsASentenceThatMovedAndDropsOneThatWentAway) {
  ResumeStore store(Path());
  ASSERT_TRUE(store.Save("doc:a", MakeOutline({"A0", "A1", "A2"}), 2).ok());
  EXPECT_EQ(store.Find("doc:a", MakeOutline({"Ny", "A0", "A1", "A2"})), 3u);
  EXPECT_EQ(store.Find("doc:a", MakeOutline({"A0", "A1"})), std::nullopt);
}

TEST_F(ResumeStoreTest, DamagedLinesAreSkipped) {
  std::filesystem::create_directories(dir_ / "sub");
  std::ofstream(Path()) << "rubbish\ndoc:a\tx\t1\n";
  ResumeStore store(Path());
  const rpc::Outline a = MakeOutline({"A0", "A1"});
  EXPECT_EQ(store.Find("doc:a", a), std::nullopt);
  ASSERT_TRUE(store.Save("doc:a", a, 1).ok());
  EXPECT_EQ(store.Find("doc:a", a), 1u);
}

TEST_F(ResumeStoreTest, KeysWithTabsStayOnOneLine) {
  ResumeStore store(Path());
  const rpc::Outline a = MakeOutline({"A0", "A1"});
  ASSERT_TRUE(store.Save("file:/a\tb\nc", a, 1).ok());
  EXPECT_EQ(store.Find("file:/a\tb\nc", a), 1u);
}

// The file has no comments and no padding: a key is a path, and "#noter.txt"
// or " rapport.txt" are paths too.
TEST_F(ResumeStoreTest, KeysAreKeptAsGiven) {
  ResumeStore store(Path());
  const rpc::Outline a = MakeOutline({"A0", "A1", "A2"});
  ASSERT_TRUE(store.Save("#noter.txt", a, 1).ok());
  ASSERT_TRUE(store.Save(" rapport.txt ", a, 2).ok());
  EXPECT_EQ(store.Find("#noter.txt", a), 1u);
  EXPECT_EQ(store.Find(" rapport.txt ", a), 2u);
  EXPECT_EQ(store.Find("rapport.txt", a), std::nullopt);
}

TEST_F(ResumeStoreTest, DefaultPathFollowsXdg) {
  setenv("XDG_STATE_HOME", "/var/state", 1);
  EXPECT_EQ(ResumeStore::DefaultPath(),
            "/var/state/policy-reader/positions.tsv");
  unsetenv("XDG_STATE_HOME");
  setenv("HOME", "/home/lytter", 1);
  EXPECT_EQ(ResumeStore::DefaultPath(),
            "/home/lytter/.local/state/policy-reader/positions.tsv");
}

TEST_F(ResumeStoreTest, UnwritablePlaceIsAnError) {
  ResumeStore store("/proc/no/such/place/positions.tsv");
  EXPECT_FALSE(store.Save("doc:a", MakeOutline({"A0"}), 0).ok());
}

}  // namespace
}  // namespace policyreader::listen
