// The korea-ict-exporter monitoring mixin: its dashboards and alerting
// rules, with the series they read selected by _config. Generated parts:
// dashboards/*.json and alerts.yml (`make generate`), which carry a
// placeholder matcher where the selectors go. Usage:
//
//   local koreaICT = (import 'mixin.libsonnet') + {
//     _config+:: { selector: 'job="ict"', dashboardSelector: 'job="ict"' },
//   };
//   koreaICT.grafanaDashboards  // {'korea-ict-smes.json': {...}, ...}
//   koreaICT.prometheusAlerts   // {groups: [...]}
local placeholder = '__mixin_selector__="placeholder"';

// The generated dashboards, by file name (mixin_test.go checks this is every
// committed dashboard).
local boards = {
  'korea-ict-ecommerce.json': importstr 'dashboards/korea-ict-ecommerce.json',
  'korea-ict-exporter-health.json': importstr 'dashboards/korea-ict-exporter-health.json',
  'korea-ict-history.json': importstr 'dashboards/korea-ict-history.json',
  'korea-ict-it-industry.json': importstr 'dashboards/korea-ict-it-industry.json',
  'korea-ict-smes.json': importstr 'dashboards/korea-ict-smes.json',
};

// fill puts selector where the placeholder is, in every string of v. An
// empty selector removes the placeholder with its comma (or the braces it
// was alone in), as the generators write no matcher at all.
local fill(v, selector) =
  if std.isString(v) then
    if selector == '' then
      std.strReplace(std.strReplace(std.strReplace(v, ',' + placeholder, ''), '{' + placeholder + ',', '{'), '{' + placeholder + '}', '')
    else
      std.strReplace(v, placeholder, selector)
  else if std.isArray(v) then [fill(x, selector) for x in v]
  else if std.isObject(v) then { [k]: fill(v[k], selector) for k in std.objectFields(v) }
  else v;

{
  _config+:: {
    // Label matchers, without braces, selecting the exporter's scrape job
    // in every alert (the committed alerts/alerts.yml: the demo's job).
    selector: 'job="korea-ict-exporter"',
    // Label matchers added to every selector of the report boards; empty
    // (the committed dashboards): every job serving the figures. Set it
    // to the same as selector to pin the boards to the job too.
    dashboardSelector: '',
  },

  grafanaDashboards+:: {
    [file]: fill(std.parseJson(boards[file]), $._config.dashboardSelector)
    for file in std.objectFields(boards)
  },

  prometheusAlerts+:: fill(std.parseYaml(importstr 'alerts.yml'), $._config.selector),
}
