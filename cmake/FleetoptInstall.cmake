# Installation (docs/install.md): `cmake --install build --prefix P` gives
#   P/bin/fleetopt                         the command line, which needs nothing else at run time
#   P/share/fleetopt/plotly.min.js         inlined by the HTML reports (found from the binary)
#   P/include/fleetopt/...                 the layers' headers
#   P/lib/libfleetopt_*.a                  the layers: core, lp, mip, fleet, report
#   P/lib/cmake/fleetopt/                  the package: find_package(fleetopt) gives the imported
#                                          targets fleetopt::core, ::lp, ::mip, ::fleet, ::report
# and `cpack -G DEB` in the build folder makes a Debian package of the same (prefix /usr).
include(CMakePackageConfigHelpers)

set(fleetopt_export_libraries fleetopt_core fleetopt_lp fleetopt_mip fleetopt_fleet fleetopt_report)
foreach(library ${fleetopt_export_libraries})
  string(REPLACE "fleetopt_" "" short ${library})
  set_target_properties(${library} PROPERTIES EXPORT_NAME ${short})
endforeach()

install(TARGETS fleetopt RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES "${FLEETOPT_PLOTLY_JS}" DESTINATION ${CMAKE_INSTALL_DATADIR}/fleetopt)
install(TARGETS ${fleetopt_export_libraries} EXPORT fleetoptTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/fleetopt" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(fleetopt_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/fleetopt)
install(EXPORT fleetoptTargets NAMESPACE fleetopt:: DESTINATION ${fleetopt_cmake_dir})
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/fleetoptConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/fleetoptConfig.cmake" INSTALL_DESTINATION ${fleetopt_cmake_dir})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/fleetoptConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
# FindKLU goes with the package: Debian 12's SuiteSparse 5.12 has no CMake package of its own.
install(FILES "${PROJECT_BINARY_DIR}/fleetoptConfig.cmake" "${PROJECT_BINARY_DIR}/fleetoptConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/FindKLU.cmake"
        DESTINATION ${fleetopt_cmake_dir})

# The Debian package (cpack -G DEB): everything above under /usr. Its run-time dependencies come
# from dpkg-shlibdeps (the binary links SuiteSparse and zlib dynamically); the headers and static
# libraries need the -dev packages listed as suggestions.
set(CPACK_PACKAGE_NAME fleetopt)
set(CPACK_PACKAGE_VENDOR "fleetopt developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Battery fleet scheduling across electricity markets with its own MILP solver")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "fleetopt developers <fleetopt@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "libsuitesparse-dev, libeigen3-dev, libtomlplusplus-dev, nlohmann-json3-dev, zlib1g-dev, python3-scipy, coinor-cbc, glpk-utils")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR DEB)
include(CPack)
