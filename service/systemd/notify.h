// Tells a service manager how start-up and shutdown are going, through the
// sd_notify protocol (libsystemd): systemd's Type=notify, and anything else
// that sets NOTIFY_SOCKET. Without NOTIFY_SOCKET every call does nothing, so
// the server calls them unconditionally. The only file that includes
// <systemd/...>.
//
// Thread-safety: each call is one datagram on the socket; safe from any
// thread.
#ifndef POLICY_READER_SERVICE_SYSTEMD_NOTIFY_H_
#define POLICY_READER_SERVICE_SYSTEMD_NOTIFY_H_

#include "absl/strings/string_view.h"

namespace policyreader::systemd {

// The server answers on all its ports: READY=1 plus a STATUS= line that
// `systemctl status` shows.
void NotifyReady(absl::string_view status);

// Shutdown has begun (STOPPING=1), so the manager does not count the drain
// against the start-up or treat it as a hang.
void NotifyStopping(absl::string_view status);

}  // namespace policyreader::systemd

#endif  // POLICY_READER_SERVICE_SYSTEMD_NOTIFY_H_
