// Voice profiles: the named voices clients choose from (voices/voices.tsv),
// each mapping to an eSpeak NG voice with a default rate and pitch. Loaded
// once at start; a malformed file is a start-up error naming file and line.
//
// Thread-safety: immutable after loading; share freely across threads.
#ifndef POLICY_READER_SERVICE_VOICES_VOICE_REGISTRY_H_
#define POLICY_READER_SERVICE_VOICES_VOICE_REGISTRY_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace policyreader::voices {

struct VoiceProfile {
  std::string name;
  std::string language;      // BCP 47, e.g. "da-DK".
  std::string espeak_voice;  // e.g. "da" or "da+f3".
  int rate_wpm = 165;        // At speaking_rate 1.0.
  int pitch = 50;            // eSpeak base pitch, 0-100.
  bool is_default = false;
  // Made for the phone: band-limited, level-normalized, A-law 8 kHz by
  // default (see service/audio/telephone.h).
  bool telephone = false;
  std::string description;  // Danish.
};

class VoiceRegistry {
 public:
  // Reads a voices.tsv (see voices/voices.tsv for the format).
  static absl::StatusOr<VoiceRegistry> LoadFromFile(const std::string& path);
  // For tests and embedding: validates like LoadFromFile.
  static absl::StatusOr<VoiceRegistry> FromProfiles(
      std::vector<VoiceProfile> profiles);

  // The named voice, or the default voice for an empty name; NOT_FOUND
  // naming the voices on offer otherwise.
  absl::StatusOr<const VoiceProfile*> Find(std::string_view name) const;
  const std::vector<VoiceProfile>& voices() const { return voices_; }

 private:
  explicit VoiceRegistry(std::vector<VoiceProfile> voices)
      : voices_(std::move(voices)) {}
  std::vector<VoiceProfile> voices_;
};

}  // namespace policyreader::voices

#endif  // POLICY_READER_SERVICE_VOICES_VOICE_REGISTRY_H_
