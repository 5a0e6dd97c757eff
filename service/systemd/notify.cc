#include "service/systemd/notify.h"

#include <systemd/sd-daemon.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace policyreader::systemd {
namespace {

void Notify(absl::string_view state, absl::string_view status) {
  // STATUS is one line; a newline would start another assignment.
  std::string line(status);
  for (char& c : line) {
    if (c == '\n') c = ' ';
  }
  const std::string message = absl::StrCat(state, "\nSTATUS=", line);
  // The workers inherit the environment but never notify, so it stays set
  // (STOPPING=1 needs it later).
  const int rc = sd_notify(/*unset_environment=*/0, message.c_str());
  if (rc < 0) {
    // A service manager that asked for notifications and cannot get them
    // will time the start out; say why in the log it keeps.
    fprintf(stderr, "policy-reader-server: sd_notify(%s): %s\n",
            std::string(state).c_str(), strerror(-rc));
  }
}

}  // namespace

void NotifyReady(absl::string_view status) { Notify("READY=1", status); }

void NotifyStopping(absl::string_view status) { Notify("STOPPING=1", status); }

}  // namespace policyreader::systemd
