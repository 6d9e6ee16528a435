#include "fleetopt/core/calendar.hpp"

#include <cstdio>

namespace fleetopt::core {

// Eras of 400 years (146097 days) repeat exactly, so the date inside an era follows from
// day-of-era arithmetic with the year starting on March 1 (leap day last).
void civil_from_days(long long days, long long& year, int& month, int& day) {
  days += 719468;  // shift the epoch to 0000-03-01
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const long long day_of_era = days - era * 146097;
  const long long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long long month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
}

// The inverse of civil_from_days, with the same March-based years.
long long days_from_civil(long long year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const long long era = (year >= 0 ? year : year - 399) / 400;
  const long long year_of_era = year - era * 400;
  const long long day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int days_in_month(long long year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string utc_label(long long unix_seconds) {
  long long days = unix_seconds / 86400;
  long long second_of_day = unix_seconds % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --days;
  }
  long long year = 0;
  int month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", year, month, day,
                second_of_day / 3600, (second_of_day / 60) % 60, second_of_day % 60);
  return buffer;
}

}  // namespace fleetopt::core
