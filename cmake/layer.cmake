# A layer is every .c file of its folder; a file named *-unix.c or *-win.c
# is the implementation for that platform only (libuv's model), so adding a
# module means adding its files and nothing else.
function(ccmwrap_layer_sources out folder)
  file(GLOB sources CONFIGURE_DEPENDS "${folder}/*.c")
  if(WIN32)
    list(FILTER sources EXCLUDE REGEX "-unix\\.c$")
  else()
    list(FILTER sources EXCLUDE REGEX "-win\\.c$")
  endif()
  set(${out} ${sources} PARENT_SCOPE)
endfunction()
