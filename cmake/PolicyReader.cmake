# The project's target helpers, so each folder's CMakeLists.txt reads as a
# list of its targets. Anything unusual about a target (an output directory,
# a source file's options, a test's custom command) stays spelled out with
# plain CMake next to the helper call.
#
#   policyreader_library(<name> [STATIC | SHARED | OBJECT]
#     SOURCES <files>...
#     [PUBLIC <libs>...]        linked and passed on to whoever links <name>
#     [PRIVATE <libs>...])      linked for <name>'s own sources only
#
#   policyreader_executable(<name>
#     SOURCES <files>...
#     [LIBS <libs>...]          linked PRIVATE
#     [DEFINITIONS <defs>...]   compile definitions, PRIVATE
#     [INCLUDES <dirs>...]      include directories, PRIVATE
#     [DEPENDS <targets>...])   built first (programs the target runs)
#
#   policyreader_test(<name>
#     <everything policyreader_executable takes>
#     [PREFIX <prefix>]         ctest names read "<prefix><Suite>.<Test>"
#     [DISCOVERY_TIMEOUT <s>]   seconds to list the tests (default 5)
#     [PROPERTIES <prop> <value>...])  set on every discovered test
#
# A library's sources include from the project root ("service/text/..."), and
# so does everything that links it. A test links GTest::gtest_main after LIBS
# and registers each of its GoogleTest cases as a ctest test.

function(policyreader_library name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "STATIC;SHARED;OBJECT" ""
    "SOURCES;PUBLIC;PRIVATE")
  _policyreader_check_arguments(${name})
  set(type)
  foreach(t IN ITEMS STATIC SHARED OBJECT)
    if(arg_${t})
      list(APPEND type ${t})
    endif()
  endforeach()
  list(LENGTH type types)
  if(types GREATER 1)
    list(JOIN type " or " type)
    message(FATAL_ERROR "policyreader_library(${name}): ${type}: choose one")
  endif()

  add_library(${name} ${type} ${arg_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  if(arg_PUBLIC OR arg_PRIVATE)
    target_link_libraries(${name} PUBLIC ${arg_PUBLIC} PRIVATE ${arg_PRIVATE})
  endif()
endfunction()

function(policyreader_executable name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" ""
    "SOURCES;LIBS;DEFINITIONS;INCLUDES;DEPENDS")
  _policyreader_check_arguments(${name})
  _policyreader_executable(${name})
endfunction()

function(policyreader_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PREFIX;DISCOVERY_TIMEOUT"
    "SOURCES;LIBS;DEFINITIONS;INCLUDES;DEPENDS;PROPERTIES")
  _policyreader_check_arguments(${name})
  list(APPEND arg_LIBS GTest::gtest_main)
  _policyreader_executable(${name})

  set(discover)
  if(DEFINED arg_PREFIX)
    list(APPEND discover TEST_PREFIX "${arg_PREFIX}")
  endif()
  if(DEFINED arg_DISCOVERY_TIMEOUT)
    list(APPEND discover DISCOVERY_TIMEOUT ${arg_DISCOVERY_TIMEOUT})
  endif()
  if(arg_PROPERTIES)
    list(APPEND discover PROPERTIES ${arg_PROPERTIES})
  endif()
  gtest_discover_tests(${name} ${discover})
endfunction()

# The shared part of policyreader_executable and policyreader_test; reads
# the caller's parsed arg_* variables.
macro(_policyreader_executable name)
  add_executable(${name} ${arg_SOURCES})
  if(arg_LIBS)
    target_link_libraries(${name} PRIVATE ${arg_LIBS})
  endif()
  if(arg_DEFINITIONS)
    target_compile_definitions(${name} PRIVATE ${arg_DEFINITIONS})
  endif()
  if(arg_INCLUDES)
    target_include_directories(${name} PRIVATE ${arg_INCLUDES})
  endif()
  if(arg_DEPENDS)
    add_dependencies(${name} ${arg_DEPENDS})
  endif()
endmacro()

# A misspelt keyword before SOURCES, a keyword without values or a missing
# SOURCES fails the configure with the helper's name. (A misspelt keyword
# after SOURCES reads as a source file, which add_library reports missing.)
macro(_policyreader_check_arguments name)
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "${CMAKE_CURRENT_FUNCTION}(${name}): unknown arguments "
      "${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR
      "${CMAKE_CURRENT_FUNCTION}(${name}): no value after "
      "${arg_KEYWORDS_MISSING_VALUES}")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "${CMAKE_CURRENT_FUNCTION}(${name}): no SOURCES")
  endif()
endmacro()
