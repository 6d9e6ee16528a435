# FindKLU: SuiteSparse's KLU sparse LU as Debian 12 ships it (SuiteSparse 5.12 has no CMake package).
# Defines the imported target SuiteSparse::KLU (the name SuiteSparse 7 exports), which carries
# KLU and the libraries it calls: AMD, COLAMD, BTF and SuiteSparse_config.
include(FindPackageHandleStandardArgs)

find_path(KLU_INCLUDE_DIR klu.h PATH_SUFFIXES suitesparse)
find_library(KLU_LIBRARY klu)
find_library(KLU_AMD_LIBRARY amd)
find_library(KLU_COLAMD_LIBRARY colamd)
find_library(KLU_BTF_LIBRARY btf)
find_library(KLU_CONFIG_LIBRARY suitesparseconfig)

find_package_handle_standard_args(KLU
  REQUIRED_VARS KLU_LIBRARY KLU_INCLUDE_DIR KLU_AMD_LIBRARY KLU_COLAMD_LIBRARY KLU_BTF_LIBRARY
                KLU_CONFIG_LIBRARY)

if(KLU_FOUND AND NOT TARGET SuiteSparse::KLU)
  add_library(SuiteSparse::KLU UNKNOWN IMPORTED)
  set_target_properties(SuiteSparse::KLU PROPERTIES
    IMPORTED_LOCATION "${KLU_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${KLU_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES
      "${KLU_AMD_LIBRARY};${KLU_COLAMD_LIBRARY};${KLU_BTF_LIBRARY};${KLU_CONFIG_LIBRARY}")
endif()
mark_as_advanced(KLU_INCLUDE_DIR KLU_LIBRARY KLU_AMD_LIBRARY KLU_COLAMD_LIBRARY KLU_BTF_LIBRARY
                 KLU_CONFIG_LIBRARY)
