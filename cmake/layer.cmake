# A file named *-unix.c or *-win.c is the implementation for that platform
# only (libuv's model); every other file is built everywhere.
function(ccmwrap_platform_glob out pattern)
  file(GLOB sources CONFIGURE_DEPENDS "${pattern}")
  if(WIN32)
    list(FILTER sources EXCLUDE REGEX "-unix\\.c$")
  else()
    list(FILTER sources EXCLUDE REGEX "-win\\.c$")
  endif()
  set(${out} ${sources} PARENT_SCOPE)
endfunction()

# A layer is every .c file of its folder, so adding a module means adding
# its files and nothing else.
function(ccmwrap_layer_sources out folder)
  ccmwrap_platform_glob(sources "${folder}/*.c")
  set(${out} ${sources} PARENT_SCOPE)
endfunction()
