// The interactive player as a listener uses it: the real policy-reader
// program in a pseudo-terminal, a real server (real workers, the shared
// policies as its library) and real PortAudio playback into a paced ALSA
// file sink. Keys are pressed on the terminal and the position lines the
// player prints are checked against the document's own outline.
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/client/player/alsa_file_sink.h"
#include "tests/integration/player_lines.h"
#include "tests/integration/pty_process.h"
#include "tests/integration/tcp_proxy.h"
#include "tests/integration/test_server.h"

namespace policyreader::testing {
namespace {

constexpr char kDocument[] = "naestved-ledelsesgrundlag";
constexpr absl::Duration kLineTimeout = absl::Seconds(20);

server::ServerOptions PlayerServerOptions() {
  server::ServerOptions options = DefaultTestOptions();
  options.library_dir = POLICIES_DIR;
  return options;
}

// The first whole line of `output` containing `needle`.
std::optional<std::string> LineWith(const std::string& output,
                                    const std::string& needle) {
  const size_t at = output.find(needle);
  if (at == std::string::npos) return std::nullopt;
  const size_t begin = output.rfind('\n', at);
  const size_t end = output.find('\n', at);
  return output.substr(
      begin == std::string::npos ? 0 : begin + 1,
      end == std::string::npos ? std::string::npos : end - begin - 1);
}

class PlayerTest : public ::testing::Test {
 protected:
  PlayerTest() : sink_(AlsaFileSink::Pace::kRealTime, 44100) {}

  void SetUp() override {
    ASSERT_TRUE(sink_.ok());
    state_dir_ = std::filesystem::temp_directory_path() /
                 absl::StrCat("player_state_", getpid());
    std::filesystem::create_directories(state_dir_);
    setenv("XDG_STATE_HOME", state_dir_.c_str(), 1);
    server_ = std::make_unique<TestServer>(PlayerServerOptions());
    ASSERT_TRUE(server_->server().port() > 0);
    grpc::ClientContext context;
    v1::GetDocumentRequest request;
    request.set_document_id(kDocument);
    ASSERT_TRUE(
        server_->stub().GetDocument(&context, request, &document_).ok());
    ASSERT_GE(document_.sections_size(), 3);
  }
  void TearDown() override { std::filesystem::remove_all(state_dir_); }

  std::unique_ptr<PtyProcess> Play(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {CLIENT_BINARY,      "play",  "--server",
                                     server_->address(), "--doc", kDocument};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return std::make_unique<PtyProcess>(argv);
  }

  size_t SectionStart(int section) const {
    return document_.sections(section).first_sentence();
  }

  // Presses `key` and returns the sentence of the next position line.
  std::optional<size_t> PressAndRead(PtyProcess& player,
                                     const std::string& key) {
    player.Press(key);
    return SentenceOf(player.WaitForLine("ætning ", kLineTimeout));
  }

  // Space pauses and resumes, each said; q quits with 0.
  static void PauseResumeAndQuit(PtyProcess& player) {
    player.Press(" ");
    EXPECT_TRUE(player.WaitForLine("Pause.", kLineTimeout)) << player.Output();
    player.Press(" ");
    EXPECT_TRUE(player.WaitForLine("Fortsætter.", kLineTimeout))
        << player.Output();
    player.Press("q");
    EXPECT_EQ(player.Wait(kLineTimeout), 0) << player.Output();
  }

  AlsaFileSink sink_;  // First: before anything starts ALSA.
  std::filesystem::path state_dir_;
  std::unique_ptr<TestServer> server_;
  v1::Document document_;
};

TEST_F(PlayerTest, KeysMoveBySentenceAndSection) {
  // A section of at least five sentences, with one after it.
  int k = 1;
  while (k + 1 < document_.sections_size() &&
         SectionStart(k + 1) - SectionStart(k) < 5) {
    ++k;
  }
  ASSERT_LT(k + 1, document_.sections_size());
  const size_t heading = SectionStart(k);
  // --start counts as the position lines do, from 1.
  std::unique_ptr<PtyProcess> player =
      Play({"--start", std::to_string(heading + 1)});
  ASSERT_TRUE(player->started());
  ASSERT_TRUE(player->WaitForLine("Tryk ? for at se tasterne", kLineTimeout))
      << player->Output();
  const std::optional<std::string> first =
      player->WaitForLine("ætning ", kLineTimeout);
  ASSERT_EQ(SentenceOf(first), heading) << player->Output();
  EXPECT_EQ(first->rfind(absl::StrCat("Afsnit ", k + 1, " af ",
                                      document_.sections_size(), ", sætning ",
                                      heading + 1, " af ",
                                      document_.sentence_count(), ": "),
                         0),
            0u)
      << *first;

  // ] goes to the next section's heading, whatever sentence is playing; [
  // from a heading to the previous section's.
  EXPECT_EQ(PressAndRead(*player, "]"), SectionStart(k + 1))
      << player->Output();
  EXPECT_EQ(PressAndRead(*player, "["), heading) << player->Output();
  EXPECT_EQ(PressAndRead(*player, "n"), heading + 1) << player->Output();
  EXPECT_EQ(PressAndRead(*player, "nn"), heading + 3) << player->Output();
  EXPECT_EQ(PressAndRead(*player, "p"), heading + 2) << player->Output();
  EXPECT_EQ(PressAndRead(*player, "r"), heading + 2) << player->Output();
  // [ inside a section goes back to its heading.
  EXPECT_EQ(PressAndRead(*player, "["), heading) << player->Output();
  // Arrow keys: right is the next sentence (not "[" then "C").
  EXPECT_EQ(PressAndRead(*player, "\x1b[C"), heading + 1) << player->Output();

  player->Press("?");
  EXPECT_TRUE(player->WaitForLine("q  afslut", kLineTimeout))
      << player->Output();
  player->Press("q");
  EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  // Every move was timed from the key to its first audio on the device.
  const std::optional<std::string> summary =
      LineWith(player->Output(), "underruns:");
  ASSERT_TRUE(summary.has_value()) << player->Output();
  std::smatch keys;
  ASSERT_TRUE(
      std::regex_search(*summary, keys, std::regex("taster: ([0-9]+) tryk")))
      << *summary;
  // "nn" may be read as one move or two.
  EXPECT_GE(std::stoi(keys[1].str()), 8) << *summary;
  // Moves are not lost connections.
  EXPECT_EQ(player->Output().find("Forbindelsen"), std::string::npos)
      << player->Output();
  std::cout << "player: " << *summary << "\n";
}

TEST_F(PlayerTest, SpeedAndPause) {
  std::unique_ptr<PtyProcess> player = Play({"--from-start"});
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
      << player->Output();
  player->Press("+");
  EXPECT_TRUE(player->WaitForLine("Hastighed 1,25x.", kLineTimeout))
      << player->Output();
  // A new speed starts the sentence being heard again, at that speed.
  EXPECT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u);
  player->Press("---");
  EXPECT_TRUE(player->WaitForLine("Hastighed 0,75x.", kLineTimeout))
      << player->Output();
  player->Press("+++++++++++");
  EXPECT_TRUE(player->WaitForLine("Hastighed 3x.", kLineTimeout))
      << player->Output();
  EXPECT_TRUE(
      player->WaitForLine("Hastigheden er allerede højest.", kLineTimeout))
      << player->Output();
  PauseResumeAndQuit(*player);
}

// --announce sections in a terminal: a position line where reading starts
// and where a new section starts, none for the sentences read on within
// one; speed and pause are still said.
TEST_F(PlayerTest, AnnounceSectionsPrintsSectionsSpeedAndPauseOnly) {
  // A short section (three to eight sentences) with one after it.
  int k = 0;
  while (k + 1 < document_.sections_size() &&
         (SectionStart(k + 1) - SectionStart(k) < 3 ||
          SectionStart(k + 1) - SectionStart(k) > 8)) {
    ++k;
  }
  ASSERT_LT(k + 1, document_.sections_size());
  const size_t heading = SectionStart(k);
  std::unique_ptr<PtyProcess> player =
      Play({"--start", std::to_string(heading + 1), "--announce", "sections",
            "--speed", "2.5"});
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), heading)
      << player->Output();
  // Read on into the next section: its heading is the next line.
  EXPECT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)),
            SectionStart(k + 1))
      << player->Output();
  EXPECT_EQ(Positions(player->Output()),
            (std::vector<size_t>{heading, SectionStart(k + 1)}))
      << player->Output();
  EXPECT_NE(player->Output().find(absl::StrCat(
                "Afsnit ", k + 2, " af ", document_.sections_size(),
                ", sætning ", SectionStart(k + 1) + 1, " af ")),
            std::string::npos)
      << player->Output();
  player->Press("+");
  EXPECT_TRUE(player->WaitForLine("Hastighed 3x.", kLineTimeout))
      << player->Output();
  PauseResumeAndQuit(*player);
  // No sentence inside a section was named on the way.
  for (size_t i : Positions(player->Output())) {
    bool starts_section = false;
    for (int s = 0; s < document_.sections_size(); ++s) {
      starts_section = starts_section || SectionStart(s) == i;
    }
    EXPECT_TRUE(starts_section) << i << "\n" << player->Output();
  }
}

TEST_F(PlayerTest, ResumesWhereTheListenerLeft) {
  size_t left_at = 0;
  {
    std::unique_ptr<PtyProcess> player = Play();
    ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
        << player->Output();
    // The speed is kept with the place.
    player->Press("+");
    ASSERT_TRUE(player->WaitForLine("Hastighed 1,25x.", kLineTimeout))
        << player->Output();
    ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
        << player->Output();
    player->Press("]]n");
    std::optional<size_t> at;
    // The last of the three moves is the one that stays.
    for (int i = 0; i < 3 && at != SectionStart(1) + 1; ++i) {
      at = SentenceOf(player->WaitForLine("ætning ", kLineTimeout));
    }
    ASSERT_TRUE(at.has_value()) << player->Output();
    left_at = *at;
    player->Press("q");
    EXPECT_TRUE(player->WaitForLine(
        absl::StrCat("Stoppet ved sætning ", left_at + 1), kLineTimeout))
        << player->Output();
    EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  }
  {
    std::unique_ptr<PtyProcess> player = Play();
    EXPECT_TRUE(player->WaitForLine(
        absl::StrCat("Fortsætter ved sætning ", left_at + 1, " af ",
                     document_.sentence_count(), ", hvor du slap"),
        kLineTimeout))
        << player->Output();
    EXPECT_TRUE(player->WaitForLine("Hastighed 1,25x. Som sidst", kLineTimeout))
        << player->Output();
    EXPECT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), left_at)
        << player->Output();
    // One step slower from 1,25x is 1x: the speed really is 1,25x.
    player->Press("-");
    EXPECT_TRUE(player->WaitForLine("Hastighed 1x.", kLineTimeout))
        << player->Output();
    player->Press("+");
    EXPECT_TRUE(player->WaitForLine("Hastighed 1,25x.", kLineTimeout))
        << player->Output();
    player->Press("q");
    EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  }
  {
    // --speed wins over the remembered speed, not over the place.
    std::unique_ptr<PtyProcess> player = Play({"--speed", "2"});
    EXPECT_TRUE(player->WaitForLine("Fortsætter ved sætning ", kLineTimeout))
        << player->Output();
    EXPECT_TRUE(player->WaitForLine("ætning ", kLineTimeout))
        << player->Output();
    player->Press("+");
    EXPECT_TRUE(player->WaitForLine("Hastighed 2,5x.", kLineTimeout))
        << player->Output();
    EXPECT_EQ(player->Output().find("Som sidst"), std::string::npos)
        << player->Output();
    player->Press("q");
    EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  }
  {
    std::unique_ptr<PtyProcess> player = Play({"--from-start"});
    EXPECT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
        << player->Output();
    EXPECT_EQ(player->Output().find("Fortsætter ved"), std::string::npos);
    player->Press("q");
    EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  }
}

TEST_F(PlayerTest, ReconnectsWhenTheServerComesBack) {
  // The player talks to the server through a proxy, so the server can go
  // and another come back at the same address.
  TcpProxy proxy;
  ASSERT_GT(proxy.port(), 0);
  proxy.SetTarget(server_->server().port());
  std::unique_ptr<PtyProcess> player =
      std::make_unique<PtyProcess>(std::vector<std::string>{
          CLIENT_BINARY, "play", "--server", proxy.address(), "--doc",
          kDocument, "--from-start"});
  ASSERT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), 0u)
      << player->Output();
  proxy.SetTarget(0);
  server_.reset();  // The server goes away mid-sentence...
  proxy.DropConnections();
  // In Danish only: gRPC's own words are for --verbose.
  const std::optional<std::string> lost =
      player->WaitForLine("Forbindelsen til serveren er tabt", kLineTimeout);
  ASSERT_TRUE(lost.has_value()) << player->Output();
  EXPECT_EQ(absl::StripAsciiWhitespace(*lost),
            "Forbindelsen til serveren er tabt. Prøver igen ...");
  // Not back while there is no server to be back with.
  EXPECT_EQ(player->Output().find("genoprettet"), std::string::npos)
      << player->Output();
  // ...and a new one comes up at the same address.
  server_ = std::make_unique<TestServer>(PlayerServerOptions());
  proxy.SetTarget(server_->server().port());
  EXPECT_TRUE(player->WaitForLine("Forbindelsen er genoprettet", kLineTimeout))
      << player->Output();
  // Reading goes on from where it was, not from the top.
  const std::optional<size_t> next =
      SentenceOf(player->WaitForLine("ætning ", kLineTimeout));
  ASSERT_TRUE(next.has_value()) << player->Output();
  EXPECT_GE(*next, 1u);
  player->Press("q");
  EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  EXPECT_NE(player->Output().find("forbundet igen"), std::string::npos)
      << player->Output();
  // Said once for the one outage.
  const std::string output = player->Output();
  const size_t back = output.find("Forbindelsen er genoprettet");
  EXPECT_EQ(output.find("Forbindelsen er genoprettet", back + 1),
            std::string::npos)
      << output;
}

TEST_F(PlayerTest, StartCountsAsThePositionLines) {
  // The number a line prints is the number --start takes.
  const size_t number = SectionStart(1) + 2;
  std::unique_ptr<PtyProcess> player =
      Play({"--start", std::to_string(number)});
  const std::optional<std::string> first =
      player->WaitForLine("ætning ", kLineTimeout);
  ASSERT_TRUE(first.has_value()) << player->Output();
  EXPECT_NE(first->find(absl::StrCat("sætning ", number, " af ")),
            std::string::npos)
      << *first;
  player->Press("q");
  EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();

  const std::string count = std::to_string(document_.sentence_count());
  for (const std::string& outside :
       {std::string("0"), std::to_string(document_.sentence_count() + 1)}) {
    std::unique_ptr<PtyProcess> refused = Play({"--start", outside});
    EXPECT_TRUE(refused->WaitForLine(
        absl::StrCat("Fejl: --start ", outside,
                     " findes ikke; teksten har sætning 1 til ", count, "."),
        kLineTimeout))
        << refused->Output();
    EXPECT_EQ(refused->Wait(kLineTimeout), 2) << refused->Output();
  }
}

TEST_F(PlayerTest, PlaysToTheEndAtTripleSpeedUnderLoadWithoutUnderruns) {
  // Load: three listeners of the longest policy, read as fast as the server
  // makes it, share the two workers with the player.
  std::atomic<bool> stop_load{false};
  std::vector<std::thread> load;
  for (int i = 0; i < 3; ++i) {
    load.emplace_back([this, &stop_load] {
      while (!stop_load.load()) {
        v1::SynthesizeRequest request;
        request.set_document_id("naestved-politikker-og-strategier");
        grpc::ClientContext context;
        auto reader = server_->stub().Synthesize(&context, request);
        v1::SynthesizeResponse response;
        while (!stop_load.load() && reader->Read(&response)) {
        }
        context.TryCancel();
        while (reader->Read(&response)) {
        }
        (void)reader->Finish();
      }
    });
  }
  const size_t start = document_.sentence_count() - 8;
  std::unique_ptr<PtyProcess> player =
      Play({"--speed", "3", "--start", std::to_string(start + 1)});
  EXPECT_EQ(SentenceOf(player->WaitForLine("ætning ", kLineTimeout)), start)
      << player->Output();
  EXPECT_TRUE(player->WaitForLine("Færdig.", absl::Seconds(60)))
      << player->Output();
  EXPECT_EQ(player->Wait(kLineTimeout), 0) << player->Output();
  stop_load = true;
  for (std::thread& thread : load) thread.join();
  const std::optional<std::string> summary =
      LineWith(player->Output(), "underruns:");
  ASSERT_TRUE(summary.has_value()) << player->Output();
  std::cout << "player at 3x under load: " << *summary << "\n";
  EXPECT_NE(summary->find("underruns: 0"), std::string::npos) << *summary;
  // Heard to the end: the next run starts at the top.
  std::unique_ptr<PtyProcess> again = Play();
  EXPECT_EQ(SentenceOf(again->WaitForLine("ætning ", kLineTimeout)), 0u)
      << again->Output();
  again->Press("q");
  EXPECT_EQ(again->Wait(kLineTimeout), 0);
}

}  // namespace
}  // namespace policyreader::testing
