// The one Catch2 main of the project; every layer's test program links this object.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
