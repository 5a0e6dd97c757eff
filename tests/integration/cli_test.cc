// The policy-reader program, run as a user runs it, against a real server:
// files it writes decode, errors exit non-zero with the server's message,
// and `play` really plays through PortAudio into an ALSA file sink.
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/audio/wav.h"
#include "tests/client/player/alsa_file_sink.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

const std::string kPolicy =
    absl::StrCat(POLICIES_DIR, "/naestved-vaerdier.txt");

struct ClientRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs the client with `args` (already shell-quoted where needed).
ClientRun RunClient(const std::string& args) {
  std::string err_path = std::filesystem::temp_directory_path() /
                         absl::StrCat("cli_err_", getpid());
  std::string command =
      absl::StrCat(CLIENT_BINARY, " ", args, " </dev/null 2>", err_path);
  ClientRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    run.out.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = ReadFile(err_path);
  std::filesystem::remove(err_path);
  return run;
}

class CliTest : public ::testing::Test {
 protected:
  std::string Server() { return absl::StrCat("--server ", server_.address()); }
  std::string TempFile(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            absl::StrCat(getpid(), "_", name))
        .string();
  }
  TestServer server_;
};

TEST_F(CliTest, SpeakWritesAPlayableWav) {
  std::string out = TempFile("policy.wav");
  ClientRun run = RunClient(
      absl::StrCat("speak ", Server(), " --file ", kPolicy, " -o ", out));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  absl::StatusOr<audio::ParsedWav> wav = audio::ParseWav(ReadFile(out));
  ASSERT_TRUE(wav.ok()) << wav.status();
  EXPECT_EQ(wav->format.encoding, audio::Encoding::kLinear16);
  EXPECT_EQ(wav->format.sample_rate_hz, 22050);
  // The policy takes well over half a minute to read.
  EXPECT_GT(wav->data.size() / 2 / 22050, 30u);
  std::filesystem::remove(out);
}

TEST_F(CliTest, SpeakWritesTelephoneAlaw) {
  std::string out = TempFile("policy_alaw.wav");
  ClientRun run = RunClient(absl::StrCat("speak ", Server(), " --file ",
                                         kPolicy, " --encoding alaw -o ", out));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  absl::StatusOr<audio::ParsedWav> wav = audio::ParseWav(ReadFile(out));
  ASSERT_TRUE(wav.ok()) << wav.status();
  EXPECT_EQ(wav->format.encoding, audio::Encoding::kAlaw);
  EXPECT_EQ(wav->format.sample_rate_hz, 8000);
  EXPECT_GT(wav->data.size() / 8000, 30u);
  std::filesystem::remove(out);
}

TEST_F(CliTest, SegmentPrintsJsonWithSpokenText) {
  ClientRun run = RunClient(
      absl::StrCat("segment ", Server(), " --json --text 'Se f.eks. § 3.'"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"spoken_text\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("for eksempel"), std::string::npos) << run.out;
}

TEST_F(CliTest, SegmentShowsPhonemesAndWhereTheRulesChangeThem) {
  ClientRun run = RunClient(
      absl::StrCat("segment ", Server(), " --phonemes --text 'Ring kl. 9.'"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("udtales:  Ring klokken 9."), std::string::npos)
      << run.out;
  // eSpeak's phonemes of "klokken" (kl'?Vk@-n), and a mark because the
  // written "kl." is heard otherwise.
  EXPECT_NE(run.out.find("fonemer:  "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("kl'"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" * skrevet:  "), std::string::npos) << run.out;
}

TEST_F(CliTest, VoicesListsTheDefault) {
  ClientRun run = RunClient(absl::StrCat("voices ", Server()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("dansk"), std::string::npos);
}

TEST_F(CliTest, DocumentsListsTheLibrary) {
  ClientRun run = RunClient(absl::StrCat("documents ", Server()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("trivselspolitik: Trivselspolitik for medarbejdere. "
                         "19 sætninger, 5 afsnit, cirka 1 minut.\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("policy-reader play --doc ID"), std::string::npos);
}

// What a container's HEALTHCHECK runs (deploy/container/Containerfile).
TEST_F(CliTest, HealthIsServingForTheServerAndItsService) {
  ClientRun run = RunClient(absl::StrCat("health ", Server()));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "SERVING\n");
  run = RunClient(absl::StrCat("health ", Server(),
                               " --service policyreader.v1.PolicyReader"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = RunClient(absl::StrCat("health ", Server(), " --service nope"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.find("Fejl: Serveren kender ikke det, der blev bedt om."),
            0u)
      << run.err;
  EXPECT_EQ(run.err.find("NOT_FOUND"), std::string::npos) << run.err;
  run =
      RunClient(absl::StrCat("health ", Server(), " --service nope --verbose"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("\nDetaljer: NOT_FOUND"), std::string::npos)
      << run.err;
}

TEST_F(CliTest, HealthFailsOnceTheServerHasStopped) {
  server_.server().Shutdown(absl::ZeroDuration());
  server_.server().Wait();
  ClientRun run =
      RunClient(absl::StrCat("health ", Server(), " --timeout-s 5"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--server"), std::string::npos) << run.err;
}

TEST_F(CliTest, ServerErrorsExitNonZeroWithTheMessage) {
  std::string out = TempFile("never.wav");
  ClientRun run = RunClient(
      absl::StrCat("speak ", Server(), " --voice robot --text Hej -o ", out));
  EXPECT_EQ(run.exit_code, 1);
  // The listener's line is Danish; the server's English words only with
  // --verbose, on a line of their own.
  EXPECT_EQ(run.err.find("Fejl: Serveren kender ikke det, der blev bedt om."),
            0u)
      << run.err;
  EXPECT_EQ(run.err.find("robot"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  run = RunClient(absl::StrCat("speak ", Server(),
                               " --voice robot --text Hej --verbose -o ", out));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("\nDetaljer: NOT_FOUND: unknown voice 'robot'"),
            std::string::npos)
      << run.err;
}

TEST_F(CliTest, UnreachableServerSaysSo) {
  ClientRun run = RunClient("voices --server 127.0.0.1:1 --timeout-s 5");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--server"), std::string::npos) << run.err;
}

TEST_F(CliTest, PlayPlaysThroughPortAudioAndAnnouncesSentences) {
  // Paced like a sound card, so underruns mean what they would on one.
  AlsaFileSink sink(AlsaFileSink::Pace::kRealTime, 44100);
  ASSERT_TRUE(sink.ok());
  ClientRun run = RunClient(absl::StrCat(
      "play ", Server(),
      " --text 'Velkommen til kommunen. Her kan du høre vores politikker.'"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Sætning 1 af 2: Velkommen til kommunen."),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Sætning 2 af 2: "), std::string::npos) << run.out;
  // No terminal: no keys offered, and --text is not remembered.
  EXPECT_EQ(run.out.find("Tryk ?"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("underruns: 0"), std::string::npos) << run.err;
  std::vector<int16_t> played = sink.Samples();
  double energy = 0;
  for (int16_t s : played) energy += static_cast<double>(s) * s;
  ASSERT_FALSE(played.empty());
  EXPECT_GT(std::sqrt(energy / played.size()), 300);
  // About three seconds of speech reached the "card".
  EXPECT_GT(played.size(), 22050u * 2);
  EXPECT_LT(played.size(), 22050u * 8);
}

// --announce sections: a position line only where a section starts, so a
// screen reader does not talk over the speech.
TEST_F(CliTest, PlayAnnouncesOnlySectionsWhenAsked) {
  AlsaFileSink sink(AlsaFileSink::Pace::kNone);
  ASSERT_TRUE(sink.ok());
  ClientRun run = RunClient(absl::StrCat(
      "play ", Server(),
      " --format markdown --announce sections --text '# Formål\n\nVi vil "
      "trives. Vi hjælper hinanden.\n\n# Ansvar\n\nLederen sikrer det.'"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Afsnit 1 af 2, sætning 1 af 5: Formål\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Afsnit 2 af 2, sætning 4 af 5: Ansvar\n"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("sætning 2 af 5"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("sætning 5 af 5"), std::string::npos) << run.out;

  ClientRun bad = RunClient(
      absl::StrCat("play ", Server(), " --announce alt --text 'Hej.'"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--announce skal være sentences eller sections"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace policyreader::testing
