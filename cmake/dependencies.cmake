# libuv, inih and cmocka as ccmwrap::uv, ccmwrap::inih, ccmwrap::cmocka.
# Linux: Debian packages through pkg-config. Windows cross-build: the static
# libraries cmake/windows-deps.sh builds, found under CCMWRAP_WINDOWS_DEPS.
if(CMAKE_CROSSCOMPILING AND WIN32)
  set(CCMWRAP_WINDOWS_DEPS "" CACHE PATH "Prefix filled by cmake/windows-deps.sh")
  if(NOT EXISTS "${CCMWRAP_WINDOWS_DEPS}/.built")
    message(FATAL_ERROR "CCMWRAP_WINDOWS_DEPS='${CCMWRAP_WINDOWS_DEPS}' holds no Windows "
      "dependencies; run: sh cmake/windows-deps.sh build/mingw-deps, then pass "
      "-DCCMWRAP_WINDOWS_DEPS=build/mingw-deps/prefix (as an absolute path)")
  endif()

  function(ccmwrap_windows_library target file)
    add_library(${target} STATIC IMPORTED GLOBAL)
    set_target_properties(${target} PROPERTIES
      IMPORTED_LOCATION "${CCMWRAP_WINDOWS_DEPS}/lib/${file}"
      INTERFACE_INCLUDE_DIRECTORIES "${CCMWRAP_WINDOWS_DEPS}/include")
  endfunction()

  ccmwrap_windows_library(ccmwrap_windows_uv libuv_a.a)
  # The system libraries libuv's own CMake links uv_a with; those outside
  # the KnownDLLs delay-loaded (cmake/delayload.cmake).
  include(${CMAKE_CURRENT_LIST_DIR}/delayload.cmake)
  ccmwrap_delay_libraries(delay_libraries)
  set_target_properties(ccmwrap_windows_uv PROPERTIES INTERFACE_LINK_LIBRARIES
    "ws2_32;${delay_libraries};psapi;dbghelp;ole32;shell32;user32;advapi32")
  ccmwrap_windows_library(ccmwrap_windows_inih libinih.a)
  add_library(ccmwrap::uv ALIAS ccmwrap_windows_uv)
  add_library(ccmwrap::inih ALIAS ccmwrap_windows_inih)
  if(CCMWRAP_TESTS)
    ccmwrap_windows_library(ccmwrap_windows_cmocka libcmocka-static.a)
    set_target_properties(ccmwrap_windows_cmocka PROPERTIES
      INTERFACE_COMPILE_DEFINITIONS CMOCKA_STATIC)
    add_library(ccmwrap::cmocka ALIAS ccmwrap_windows_cmocka)
  endif()
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(LIBUV REQUIRED IMPORTED_TARGET GLOBAL libuv)
  pkg_check_modules(INIH REQUIRED IMPORTED_TARGET GLOBAL inih)
  if(CCMWRAP_TESTS)
    pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET GLOBAL cmocka)
  endif()
  add_library(ccmwrap::uv ALIAS PkgConfig::LIBUV)
  add_library(ccmwrap::inih ALIAS PkgConfig::INIH)
  if(CCMWRAP_TESTS)
    add_library(ccmwrap::cmocka ALIAS PkgConfig::CMOCKA)
  endif()
endif()
