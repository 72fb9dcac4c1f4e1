# ccmwrap.exe for x64 Windows (PE32+).
set(CCMWRAP_MINGW_ARCH x86_64)
set(CCMWRAP_WINE_LOADER wine64)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-mingw.cmake)
