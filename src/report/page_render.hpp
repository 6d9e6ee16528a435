// Private to the report library: how a page template (src/report/web/*.html) becomes a
// self-contained page. Shared by `fleetopt report` (report.cpp) and `fleetopt experiment report`
// (experiment_report.cpp), so both inline plotly.js, script, style and data the same safe way.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fleetopt::report::detail {

// The data as JSON text safe inside <script type="application/json"> ('<' written as \u003c).
std::string json_for_script_block(const nlohmann::ordered_json& data);
// Script text with every "</script" (any case) written as "<\/script".
std::string script_safe(std::string_view source);
std::string html_escape(const std::string& text);

// The template with @@FLEETOPT_TITLE@@ (escaped), @@FLEETOPT_STYLE@@, @@FLEETOPT_DATA@@,
// @@FLEETOPT_PLOTLY@@ and @@FLEETOPT_SCRIPT@@ filled in one pass.
std::string fill_page_template(std::string_view page_template, const std::string& title, std::string_view style,
                               const nlohmann::ordered_json& data, const std::string& plotly_js_source,
                               std::string_view script_source);

}  // namespace fleetopt::report::detail
