// Browser test of a fleetopt experiment report page (docs/report.md, "Experiment reports"):
// Debian's chromium, headless, driven by playwright-core (never downloads a browser), opens the
// page from a file URL and checks:
//   - the page finishes drawing (body[data-ready="1"]) with no console error and no page error;
//   - not one network request (each is recorded, aborted, and fails the test);
//   - every expected plot is drawn with exactly the expected number of traces, both in the data
//     the page handed to plotly and in the SVG plotly rendered (.scatterlayer .trace);
//   - the disagreements are shown as an alert with the expected number of rows;
// and saves a full-page PNG screenshot.
//
//   node experiment_browser_test.mjs --html PAGE.html --screenshot OUT.png
//        --expect "plot-id=traces,..." --disagreements N [--chromium /usr/bin/chromium] [--timeout-ms 120000]
import { check, inOfflinePage, runBrowserTest } from './browser_harness.mjs';

function parseArgs(argv) {
  const options = { chromium: '/usr/bin/chromium', timeoutMs: 120000, expect: {} };
  for (let i = 0; i < argv.length; ++i) {
    const key = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(key + ' needs a value');
      return argv[++i];
    };
    if (key === '--html') options.html = value();
    else if (key === '--screenshot') options.screenshot = value();
    else if (key === '--chromium') options.chromium = value();
    else if (key === '--timeout-ms') options.timeoutMs = Number(value());
    else if (key === '--disagreements') options.disagreements = Number(value());
    else if (key === '--expect') {
      for (const pair of value().split(',')) {
        const [id, count] = pair.split('=');
        options.expect[id] = Number(count);
      }
    } else throw new Error('unknown argument ' + key);
  }
  for (const k of ['html', 'screenshot', 'disagreements'])
    if (options[k] === undefined || Number.isNaN(options[k])) throw new Error('missing --' + k);
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const browser = { chromium: options.chromium, timeoutMs: options.timeoutMs,
                    profilePrefix: 'fleetopt-experiment-report-chromium-' };
  await inOfflinePage(options.html, browser, async (page) => {
    const drawn = await page.evaluate((ids) => {
      const r = window.fleetoptExperimentReport;
      const plots = {};
      for (const id of ids) {
        const div = document.getElementById(id);
        plots[id] = { data: div && div.data ? div.data.length : -1,
                      rendered: div ? div.querySelectorAll('.scatterlayer .trace').length : -1 };
      }
      const alert = document.querySelector('#disagreements-section.alert');
      return { ready: document.body.dataset.ready, errors: r.errors, plots, recorded: r.plots,
               disagreementRows: alert ? alert.querySelectorAll('tbody tr').length : 0 };
    }, Object.keys(options.expect));
    check(drawn.ready === '1', 'page finished drawing (body[data-ready] = ' + drawn.ready + ')');
    check(drawn.errors.length === 0, 'no script errors recorded by the page: ' + JSON.stringify(drawn.errors));
    for (const [id, expected] of Object.entries(options.expect)) {
      const got = drawn.plots[id];
      check(got.data === expected && got.rendered === expected,
            `${id}: ${got.data} traces given to plotly, ${got.rendered} rendered (expected ${expected})`);
    }
    const unexpected = Object.keys(drawn.recorded).filter((id) => !(id in options.expect));
    check(unexpected.length === 0, 'no plot beyond the expected ones: ' + JSON.stringify(unexpected));
    check(drawn.disagreementRows === options.disagreements,
          `disagreements shown as an alert: ${drawn.disagreementRows} rows (expected ${options.disagreements})`);
    await page.screenshot({ path: options.screenshot, fullPage: true });
    console.log('screenshot: ' + options.screenshot);
  });
}

runBrowserTest(main);
