// See stream_tracker.h.
#include "service/api/stream_tracker.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace policyreader::api {

std::string ClientOf(absl::string_view peer) {
  // "ipv4:1.2.3.4:5", "ipv6:[::1]:5": the port follows the last colon.
  if (absl::StartsWith(peer, "ipv4:") || absl::StartsWith(peer, "ipv6:")) {
    const size_t colon = peer.rfind(':');
    if (colon > 4) return std::string(peer.substr(0, colon));
  }
  return std::string(peer);
}

bool StreamTracker::Capped(absl::string_view client) const {
  if (limits_.max_per_client <= 0) return false;
  if (limits_.cap_loopback) return true;
  const bool own = absl::StartsWith(client, "ipv4:127.") ||
                   client == "ipv6:[::1]" ||
                   absl::StartsWith(client, "ipv6:[::ffff:127.") ||
                   absl::StartsWith(client, "unix:") || client.empty() ||
                   absl::StartsWith(client, "inproc");
  return !own;
}

absl::Status StreamTracker::TryBegin(const std::string& client) {
  absl::MutexLock lock(&mu_);
  if (draining_) {
    return absl::UnavailableError(
        "the server is shutting down; try again shortly");
  }
  int& open = per_client_[client];
  if (Capped(client) && open >= limits_.max_per_client) {
    return absl::ResourceExhaustedError(
        absl::StrCat("this client has ", open,
                     " streams open, the most one client may "
                     "have; end one before starting another"));
  }
  ++open;
  ++active_;
  return absl::OkStatus();
}

void StreamTracker::End(const std::string& client) {
  absl::MutexLock lock(&mu_);
  --active_;
  auto it = per_client_.find(client);
  if (it != per_client_.end() && --it->second <= 0) per_client_.erase(it);
}

void StreamTracker::StartDraining() {
  absl::MutexLock lock(&mu_);
  draining_ = true;
}

bool StreamTracker::WaitUntilIdle(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto idle = [this]()
                  ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return active_ == 0; };
  return mu_.AwaitWithDeadline(absl::Condition(&idle), deadline);
}

}  // namespace policyreader::api
