# What cross-compiling ccmwrap for Windows with Debian's MinGW-w64 needs,
# whichever the architecture: included by toolchain-mingw-x86_64.cmake
# (gcc-mingw-w64-x86-64, PE32+) and toolchain-mingw-i686.cmake
# (gcc-mingw-w64-i686, PE32, for x86 Windows and WOW64), which set
# CCMWRAP_MINGW_ARCH and CCMWRAP_WINE_LOADER first. Programs are linked
# statically so that a .exe needs no DLL beside it, and ctest runs each test
# through that Wine loader when it is installed. The dependencies come from
# cmake/windows-deps.sh (-DCCMWRAP_WINDOWS_DEPS=<its prefix for the arch>).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR ${CCMWRAP_MINGW_ARCH})

set(CCMWRAP_MINGW_TRIPLET ${CCMWRAP_MINGW_ARCH}-w64-mingw32)
set(CMAKE_C_COMPILER ${CCMWRAP_MINGW_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${CCMWRAP_MINGW_TRIPLET}-g++)
set(CMAKE_RC_COMPILER ${CCMWRAP_MINGW_TRIPLET}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${CCMWRAP_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# MinGW's own C99 printf family: msvcrt's knows no %zu or %lld.
# Format attributes must then say gnu_printf (config/base/error.h PRINTF_LIKE),
# as GCC checks plain `printf` against msvcrt's rules on this target.
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Debian's Wine packages put their loaders outside PATH: wine64 runs PE32+
# programs, wine (wine32:i386) PE32 ones, in the same 64-bit prefix.
find_program(CCMWRAP_WINE NAMES ${CCMWRAP_WINE_LOADER} PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH
             NO_DEFAULT_PATH)
if(CCMWRAP_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${CCMWRAP_WINE})
endif()
