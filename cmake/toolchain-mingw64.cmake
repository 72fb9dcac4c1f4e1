# Cross-compiles ccmwrap for 64-bit Windows with Debian's MinGW-w64
# (gcc-mingw-w64-x86-64). Programs are linked statically so that a .exe needs
# no DLL beside it, and ctest runs each test through Wine (wine64) when it is
# installed. The dependencies come from cmake/windows-deps.sh
# (-DCCMWRAP_WINDOWS_DEPS=<its prefix>).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(CCMWRAP_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${CCMWRAP_MINGW_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${CCMWRAP_MINGW_TRIPLET}-g++)
set(CMAKE_RC_COMPILER ${CCMWRAP_MINGW_TRIPLET}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${CCMWRAP_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# MinGW's own C99 printf family: msvcrt's (XP/2003) knows no %zu or %lld.
# Format attributes must then say gnu_printf (config/error.h PRINTF_LIKE),
# as GCC checks plain `printf` against msvcrt's rules on this target.
set(CMAKE_C_FLAGS_INIT "-D__USE_MINGW_ANSI_STDIO=1")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Debian's wine64 package puts its loader outside PATH.
find_program(CCMWRAP_WINE NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(CCMWRAP_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${CCMWRAP_WINE})
endif()
