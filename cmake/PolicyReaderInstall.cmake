# cmake --install: the FHS layout of deploy/README.md, and the build tree's
# mirror of it (so the programs find their data the same way in both; see
# service/paths/data_paths.h).
#
#   PREFIX/bin/                      policy-reader-server, policy-reader
#   PREFIX/libexec/policy-reader/    policy-reader-synth-worker
#   PREFIX/share/policy-reader/      voices/, web/, samples/, policy-reader.flags
#   PREFIX/lib/systemd/system/       policy-reader.service
#   CONFDIR/policy-reader.flags      only if absent (the operator's copy)
#
# CONFDIR is /etc/policy-reader for the prefixes /usr and /usr/local, else
# PREFIX/etc/policy-reader; it and the unit's paths follow the prefix given
# at install time (cmake --install build --prefix DIR), not only the one
# configured. `cmake --install build --strip` leaves out the debug info.

install(TARGETS policy-reader-server policy-reader
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS policy-reader-synth-worker
  RUNTIME DESTINATION ${POLICY_READER_INSTALL_LIBEXECDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/voices/
  DESTINATION ${POLICY_READER_INSTALL_DATADIR}/voices)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/client/web/
  DESTINATION ${POLICY_READER_INSTALL_DATADIR}/web)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/samples/
  DESTINATION ${POLICY_READER_INSTALL_DATADIR}/samples)
# The reference copy, to compare an edited /etc one with.
install(FILES ${PROJECT_SOURCE_DIR}/deploy/policy-reader.flags
  DESTINATION ${POLICY_READER_INSTALL_DATADIR})

# The unit and the operator's flagfile name install-time paths, so they are
# written by a script cmake --install runs (cmake/policy_reader_install.cmake).
install(CODE "
  set(POLICY_READER_UNIT_SOURCE
    \"${PROJECT_SOURCE_DIR}/deploy/systemd/policy-reader.service\")
  set(POLICY_READER_FLAGS_SOURCE \"${PROJECT_SOURCE_DIR}/deploy/policy-reader.flags\")
  set(POLICY_READER_UNIT_WORK \"${PROJECT_BINARY_DIR}/deploy/policy-reader.service\")
  set(POLICY_READER_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/policy_reader_install.cmake)

# The build tree's share/policy-reader: links into the source tree, where
# the installed layout has copies, at the same place relative to the
# programs (build/service/, build/client/).
cmake_path(ABSOLUTE_PATH POLICY_READER_BIN_TO_DATA
  BASE_DIRECTORY ${PROJECT_BINARY_DIR}/service NORMALIZE
  OUTPUT_VARIABLE build_data_dir)
cmake_path(IS_PREFIX PROJECT_BINARY_DIR ${build_data_dir} NORMALIZE
  build_data_inside)
if(build_data_inside)
  file(MAKE_DIRECTORY ${build_data_dir})
  foreach(link IN ITEMS "voices=voices" "web=client/web" "samples=samples")
    string(REPLACE "=" ";" link ${link})
    list(GET link 0 name)
    list(GET link 1 target)
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${target} ${build_data_dir}/${name}
      SYMBOLIC)
  endforeach()
else()
  message(WARNING "datadir ${POLICY_READER_INSTALL_FULL_DATADIR} is not "
    "under the prefix: programs in the build tree need --voices and "
    "--http_static_dir")
endif()
