// Test support: reading the terminal player's printed lines ("Afsnit 3 af
// 12, sætning 41 af 380: ..."), for tests that drive the real player.
//
// Thread-safety: pure functions.
#ifndef POLICY_READER_TESTS_INTEGRATION_PLAYER_LINES_H_
#define POLICY_READER_TESTS_INTEGRATION_PLAYER_LINES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace policyreader::testing {

// "..., sætning 41 af 380: ..." -> 40 (0-based); nullopt for other lines.
std::optional<size_t> SentenceOf(const std::optional<std::string>& line);

// Every position the player printed, in order (0-based).
std::vector<size_t> Positions(const std::string& output);

}  // namespace policyreader::testing

#endif  // POLICY_READER_TESTS_INTEGRATION_PLAYER_LINES_H_
