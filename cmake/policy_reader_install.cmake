# Run by cmake --install (cmake/PolicyReaderInstall.cmake sets the
# POLICY_READER_* variables first): writes the systemd unit with the
# install-time prefix, and the operator's flagfile unless one is there.
# file(INSTALL) honours DESTDIR and lists the files in install_manifest.txt.

if(CMAKE_INSTALL_PREFIX STREQUAL "/usr" OR
   CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
  set(confdir "/etc/policy-reader")
else()
  set(confdir "${CMAKE_INSTALL_PREFIX}/etc/policy-reader")
endif()
if(IS_ABSOLUTE "${POLICY_READER_BINDIR}")
  set(bindir "${POLICY_READER_BINDIR}")
else()
  set(bindir "${CMAKE_INSTALL_PREFIX}/${POLICY_READER_BINDIR}")
endif()

# deploy/systemd/policy-reader.service names the default install
# (/usr/local/bin, /etc/policy-reader); other prefixes get their own paths.
file(READ "${POLICY_READER_UNIT_SOURCE}" unit)
string(REPLACE "/usr/local/bin/" "${bindir}/" unit "${unit}")
string(REPLACE "/etc/policy-reader/" "${confdir}/" unit "${unit}")
file(WRITE "${POLICY_READER_UNIT_WORK}" "${unit}")
file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/system"
  TYPE FILE FILES "${POLICY_READER_UNIT_WORK}")

# Like a package's conffile: an operator's edited flagfile is never replaced.
if(EXISTS "$ENV{DESTDIR}${confdir}/policy-reader.flags")
  message(STATUS "Kept: $ENV{DESTDIR}${confdir}/policy-reader.flags "
    "(the new sample is in share/policy-reader/)")
else()
  file(INSTALL DESTINATION "${confdir}" TYPE FILE
    FILES "${POLICY_READER_FLAGS_SOURCE}")
endif()
