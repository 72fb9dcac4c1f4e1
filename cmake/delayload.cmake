# Windows: the DLLs libuv imports that are not among Windows 7's KnownDLLs
# (which always load from system32) would be looked for in the exe's folder
# first, before any code of ccmwrap runs: a DLL planted beside ccmwrap.exe
# would run as SYSTEM. They are imported late instead (delay-load import
# libraries made with MinGW's dlltool), and wrapper/main-win.c loads them
# from system32 by full path before anything calls them. Each entry names
# the DLL and the functions imported from it as NAME:ARGUMENT_BYTES (the
# stdcall decoration of 32-bit x86). A function libuv starts to use that
# is missing here fails the link, never falls back to a plain import.
set(CCMWRAP_DELAY_LOADED
  "IPHLPAPI.DLL=GetAdaptersAddresses:20"
  "USERENV.dll=GetUserProfileDirectoryW:12")

find_program(CCMWRAP_DLLTOOL ${CCMWRAP_MINGW_TRIPLET}-dlltool REQUIRED)

# ccmwrap_delay_libraries(OUT): the delay-load import libraries, built now.
function(ccmwrap_delay_libraries out)
  set(libraries "")
  set(folder "${CMAKE_BINARY_DIR}/delayload")
  file(MAKE_DIRECTORY "${folder}")
  foreach(entry ${CCMWRAP_DELAY_LOADED})
    string(REPLACE "=" ";" parts "${entry}")
    list(GET parts 0 dll)
    list(GET parts 1 functions)
    string(REPLACE "," ";" functions "${functions}")
    set(def "LIBRARY ${dll}\nEXPORTS\n")
    foreach(function ${functions})
      string(REPLACE ":" ";" pair "${function}")
      list(GET pair 0 name)
      list(GET pair 1 bytes)
      if(CCMWRAP_MINGW_ARCH STREQUAL "i686")
        string(APPEND def "${name}@${bytes}\n")
      else()
        string(APPEND def "${name}\n")
      endif()
    endforeach()
    file(WRITE "${folder}/${dll}.def" "${def}")
    set(library "${folder}/lib${dll}-delay.a")
    execute_process(COMMAND ${CCMWRAP_DLLTOOL} --kill-at --input-def "${folder}/${dll}.def"
                      --dllname ${dll} --output-delaylib "${library}"
                    RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "dlltool could not make the delay-load library for ${dll}")
    endif()
    list(APPEND libraries "${library}")
  endforeach()
  set(${out} ${libraries} PARENT_SCOPE)
endfunction()

# The DLL names as a C initializer of wide strings, for main-win.c.
function(ccmwrap_delay_loaded_names out)
  set(names "")
  foreach(entry ${CCMWRAP_DELAY_LOADED})
    string(REGEX REPLACE "=.*" "" dll "${entry}")
    list(APPEND names "L\"${dll}\"")
  endforeach()
  string(JOIN "," joined ${names})
  set(${out} "${joined}" PARENT_SCOPE)
endfunction()
