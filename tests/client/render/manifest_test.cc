// manifest.json: round trip, validation and the atomic write.
#include "client/render/manifest.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace policyreader::render {
namespace {

Manifest Example() {
  Manifest manifest;
  manifest.voice = "telefon";
  manifest.format = "alaw";
  manifest.split = "sentence";
  Prompt p;
  p.file = "politik/politik-s0000.alaw";
  p.id = "politik";
  p.source = "mappe/politik \"ny\".txt";
  p.text = "Mødet er kl. 9.00.\tSe\\her";
  p.spoken_text = "Mødet er klokken ni.\n\x01";
  p.begin = 4;
  p.end = 4000000000u;
  p.first_sentence = 0;
  p.last_sentence = 3;
  p.format = "alaw";
  p.key = "0123456789abcdef";
  p.duration_ms = 2130;
  p.bytes = 9007199254740991ULL;  // The largest integer JSON keeps exactly.
  manifest.prompts.push_back(p);
  p.file = "politik/politik-s0001.alaw";
  p.text = "Æ ø å €";
  manifest.prompts.push_back(p);
  return manifest;
}

TEST(ManifestTest, RoundTrip) {
  const Manifest manifest = Example();
  const std::string json = ManifestToJson(manifest);
  absl::StatusOr<Manifest> parsed = ParseManifest(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << json;
  EXPECT_EQ(*parsed, manifest);
  // One prompt per line, so diffs show which prompts changed.
  EXPECT_EQ(std::count(json.begin(), json.end(), '\n'), 5);
  EXPECT_EQ(*ParseManifest(ManifestToJson(Manifest())), Manifest());
}

TEST(ManifestTest, RefusesWhatItDidNotWrite) {
  EXPECT_FALSE(ParseManifest("").ok());
  EXPECT_FALSE(ParseManifest("{\"version\": 2, \"voice\": \"\", \"format\": "
                             "\"\", \"split\": \"\", \"prompts\": []}")
                   .ok());
  std::string json = ManifestToJson(Example());
  json.replace(json.find("\"key\""), 5, "\"nøgle\"");
  EXPECT_FALSE(ParseManifest(json).ok());
  // A hand-edited path must not make the next run delete outside --out.
  Manifest escaping = Example();
  escaping.prompts[0].file = "../../etc/passwd";
  EXPECT_FALSE(ParseManifest(ManifestToJson(escaping)).ok());
  escaping.prompts[0].file = "/etc/passwd";
  EXPECT_FALSE(ParseManifest(ManifestToJson(escaping)).ok());
}

TEST(ManifestTest, WrittenAtomicallyAndReadBack) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("manifest_test_" + std::to_string(getpid()));
  const std::string path = (dir / "ud" / kManifestName).string();
  absl::StatusOr<Manifest> missing = ReadManifest(path);
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_TRUE(missing->prompts.empty());

  ASSERT_TRUE(WriteManifest(path, Example()).ok());
  absl::StatusOr<Manifest> read = ReadManifest(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, Example());
  // Nothing but the manifest is left in the folder (no temporary files).
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "ud")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);

  std::ofstream(path) << "{ broken";
  absl::StatusOr<Manifest> broken = ReadManifest(path);
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find(path), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace policyreader::render
