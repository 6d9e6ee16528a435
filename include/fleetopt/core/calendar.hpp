// UTC calendar arithmetic without the C library's time zone machinery: days since 1970-01-01 to
// and from (year, month, day) in the proleptic Gregorian calendar, and ISO 8601 UTC labels. Used
// for generated time labels and for joining real price files on the UTC hour.
#pragma once

#include <string>

namespace fleetopt::core {

// Days since 1970-01-01 to (year, month, day) and back; exact for any date, negative days included.
void civil_from_days(long long days, long long& year, int& month, int& day);
long long days_from_civil(long long year, int month, int day);

// Days in `month` (1..12) of `year`.
int days_in_month(long long year, int month);

// "YYYY-MM-DDThh:mm:ssZ" for a count of seconds since 1970-01-01T00:00:00Z.
std::string utc_label(long long unix_seconds);

}  // namespace fleetopt::core
