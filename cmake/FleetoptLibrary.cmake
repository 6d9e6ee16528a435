# fleetopt_library(NAME DEPENDS ...): one static library per layer, built from every .cpp in its
# folder, with the project's include/ as its public include path. New files in a layer need no
# CMake edit (globs re-run at build time). A layer with no sources yet is a header-only interface.
# The include path is the source tree's in a build and <prefix>/include once installed
# (find_package(fleetopt), docs/install.md).
function(fleetopt_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  if(sources)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC "$<BUILD_INTERFACE:${FLEETOPT_INCLUDE_DIR}>"
                                              "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
    target_link_libraries(${name} PUBLIC ${ARG_DEPENDS})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE "$<BUILD_INTERFACE:${FLEETOPT_INCLUDE_DIR}>"
                                                 "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
    target_link_libraries(${name} INTERFACE ${ARG_DEPENDS})
  endif()
endfunction()
