// cpp-httplib for the gateway. Debian ships httplib compiled (libcpp-httplib),
// so its compile-time settings (CPPHTTPLIB_LISTEN_BACKLOG, thread count) are
// the library's and cannot be changed by defining them here: the gateway sets
// what it needs at run time (http_gateway.cc). Every file of the gateway
// includes httplib through this header.
//
// Thread-safety: see httplib.h.
#ifndef POLICY_READER_SERVICE_HTTP_HTTPLIB_CONFIG_H_
#define POLICY_READER_SERVICE_HTTP_HTTPLIB_CONFIG_H_

#include <httplib.h>

#endif  // POLICY_READER_SERVICE_HTTP_HTTPLIB_CONFIG_H_
