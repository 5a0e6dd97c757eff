// Voice profiles: the shipped file loads; malformed files name file and line.
#include "service/voices/voice_registry.h"

#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"

namespace policyreader::voices {
namespace {

std::string WriteTemp(const std::string& contents) {
  char path[] = "/tmp/voices_test_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << contents;
  return path;
}

constexpr char kHeader[] =
    "name\tlanguage\tespeak_voice\trate_wpm\tpitch\tdefault\ttelephone\t"
    "description\n";

TEST(VoiceRegistryTest, ShippedProfilesLoadWithOneDanishDefault) {
  absl::StatusOr<VoiceRegistry> registry =
      VoiceRegistry::LoadFromFile(VOICES_FILE);
  ASSERT_TRUE(registry.ok()) << registry.status();
  absl::StatusOr<const VoiceProfile*> def = registry->Find("");
  ASSERT_TRUE(def.ok());
  EXPECT_EQ((*def)->language, "da-DK");
  EXPECT_EQ((*def)->espeak_voice.substr(0, 2), "da");
  for (const VoiceProfile& p : registry->voices()) {
    EXPECT_FALSE(p.description.empty()) << p.name;
  }
  absl::StatusOr<const VoiceProfile*> phone = registry->Find("telefon");
  ASSERT_TRUE(phone.ok());
  EXPECT_TRUE((*phone)->telephone);
  EXPECT_FALSE((*def)->telephone);
}

TEST(VoiceRegistryTest, UnknownVoiceListsTheChoices) {
  auto registry = VoiceRegistry::LoadFromFile(VOICES_FILE);
  ASSERT_TRUE(registry.ok());
  auto found = registry->Find("robot");
  ASSERT_TRUE(absl::IsNotFound(found.status()));
  EXPECT_NE(found.status().message().find("dansk"), absl::string_view::npos);
}

struct BadFile {
  const char* body;
  const char* expected;  // Part of the message.
};

class MalformedVoicesTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(MalformedVoicesTest, NamesFileAndLine) {
  std::string path = WriteTemp(std::string(kHeader) + GetParam().body);
  auto registry = VoiceRegistry::LoadFromFile(path);
  ASSERT_FALSE(registry.ok());
  std::string message(registry.status().message());
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedVoicesTest,
    ::testing::Values(
        BadFile{"a\tda-DK\tda\t165\t50\tyes\n", "line 2: expected 8"},
        // A stray tab after the description is a ninth column.
        BadFile{"a\tda-DK\tda\t165\t50\tyes\tno\td\t\n",
                "line 2: expected 8 tab-separated columns, found 9"},
        BadFile{"a\tda-DK\tda\tfast\t50\tyes\tno\td\n", "line 2: rate_wpm"},
        BadFile{"a\tda-DK\tda\t165\t500\tyes\tno\td\n", "line 2: pitch"},
        BadFile{"a\tda-DK\tda\t165\t50\tja\tno\td\n", "line 2: default"},
        BadFile{"a\tda-DK\tda\t165\t50\tno\tno\td\n", "exactly one voice"},
        BadFile{"a\tda-DK\tda\t165\t50\tyes\tja\td\n", "line 2: telephone"},
        BadFile{"a\tda-DK\tda\t165\t50\tyes\tno\td\n"
                "a\tda-DK\tda\t165\t50\tno\tno\td\n",
                "defined twice"},
        BadFile{"a\tda-DK\tda;rm -rf\t165\t50\tyes\tno\td\n", "characters"},
        BadFile{"# only a comment\n", "no voice profiles"}));

TEST(VoiceRegistryTest, MissingFileSaysWhatToDo) {
  auto registry = VoiceRegistry::LoadFromFile("/nonexistent/voices.tsv");
  ASSERT_FALSE(registry.ok());
  EXPECT_NE(registry.status().message().find("--voices"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace policyreader::voices
