# ccmwrap.exe for x86 Windows (PE32); it runs on x64 Windows under WOW64.
set(CCMWRAP_MINGW_ARCH i686)
set(CCMWRAP_WINE_LOADER wine)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-mingw.cmake)
