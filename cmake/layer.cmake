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

# ccmwrap_layer(NAME [BELOW layer...] [LIBRARIES lib...])
# The folder of the calling CMakeLists.txt is one layer: the static library
# ccmwrap_NAME of every .c file in it (not its subfolders, which are layers
# of their own), linking only the layers BELOW it. Every project include
# reads as a path from the one include root, the source folder
# ("checks/sddltext.h"); the build checks before compiling that a layer
# includes only its own folder and the folders of the layers below it
# (cmake/check-layer.sh), so a wrong include fails the build. The layer map
# is docs/HACKING.md "Layers".
function(ccmwrap_layer name)
  cmake_parse_arguments(LAYER "" "" "BELOW;LIBRARIES" ${ARGN})
  file(RELATIVE_PATH folder "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  ccmwrap_platform_glob(sources "${CMAKE_CURRENT_SOURCE_DIR}/*.c")
  file(GLOB headers CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.h")

  set(allowed ${folder})
  set(below_targets "")
  foreach(lower ${LAYER_BELOW})
    get_target_property(lower_allowed ccmwrap_${lower} CCMWRAP_LAYER_FOLDERS)
    list(APPEND allowed ${lower_allowed})
    list(APPEND below_targets ccmwrap_${lower})
  endforeach()
  list(REMOVE_DUPLICATES allowed)

  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/layer-includes.checked")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND sh "${PROJECT_SOURCE_DIR}/cmake/check-layer.sh" "${PROJECT_SOURCE_DIR}" ${folder} ${allowed}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${sources} ${headers} "${PROJECT_SOURCE_DIR}/cmake/check-layer.sh"
    COMMENT "Checking the includes of layer ${folder}"
    VERBATIM)
  add_custom_target(ccmwrap_${name}_includes DEPENDS "${stamp}")

  add_library(ccmwrap_${name} STATIC ${sources})
  add_dependencies(ccmwrap_${name} ccmwrap_${name}_includes)
  target_include_directories(ccmwrap_${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(ccmwrap_${name} PUBLIC ${below_targets} ${LAYER_LIBRARIES})
  set_target_properties(ccmwrap_${name} PROPERTIES CCMWRAP_LAYER_FOLDERS "${allowed}")
endfunction()
