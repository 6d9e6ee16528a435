// Browser test of a fleetopt report page (docs/report.md, "Browser test"): Debian's chromium,
// headless, driven by playwright-core (never downloads a browser), opens the page from a file URL
// and checks:
//   - the page finishes drawing (body[data-ready="1"]) with no console error and no page error;
//   - not one network request: every request other than the page's own file is recorded (and
//     aborted) and fails the test;
//   - the "State of charge" figure plots min(A, 10) asset traces when the page opens and exactly
//     A after the "All" button of the asset selector; the "Bids" figure plots exactly M traces,
//     up markets >= 0 and down markets <= 0 (a result without a schedule: pass A = M = 0);
//   - the traces are WebGL (scattergl) unless --allow-svg;
// and saves a full-page PNG screenshot.
//
//   node browser_test.mjs --html PAGE.html --assets A --markets M --screenshot OUT.png
//        [--chromium /usr/bin/chromium] [--timeout-ms 120000] [--allow-svg]
import { check, inOfflinePage, runBrowserTest } from './browser_harness.mjs';

function parseArgs(argv) {
  const options = { chromium: '/usr/bin/chromium', timeoutMs: 120000, allowSvg: false };
  for (let i = 0; i < argv.length; ++i) {
    const key = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(key + ' needs a value');
      return argv[++i];
    };
    if (key === '--html') options.html = value();
    else if (key === '--assets') options.assets = Number(value());
    else if (key === '--markets') options.markets = Number(value());
    else if (key === '--screenshot') options.screenshot = value();
    else if (key === '--chromium') options.chromium = value();
    else if (key === '--timeout-ms') options.timeoutMs = Number(value());
    else if (key === '--allow-svg') options.allowSvg = true;
    else throw new Error('unknown argument ' + key);
  }
  for (const k of ['html', 'assets', 'markets', 'screenshot'])
    if (options[k] === undefined || Number.isNaN(options[k])) throw new Error('missing --' + k);
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const browser = { chromium: options.chromium, timeoutMs: options.timeoutMs, profilePrefix: 'fleetopt-report-chromium-',
                    // WebGL without a GPU: the software rasteriser (SwiftShader), needed by scattergl.
                    extraArgs: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] };
  await inOfflinePage(options.html, browser, async (page, drawSeconds) => {
    const first = await page.evaluate(() => {
      const r = window.fleetoptReport;
      const count = (id, kind) => (document.getElementById(id)?.data || []).filter((t) => t.meta?.kind === kind).length;
      const bids = (document.getElementById('bid-plot')?.data || []).map((t) => ({
        direction: t.name.endsWith('(up)') ? 'up' : t.name.endsWith('(down)') ? 'down' : '?',
        min: Math.min(...t.y), max: Math.max(...t.y), type: t.type,
        points: t.x.length, lastX: t.x[t.x.length - 1], lastY: t.y[t.y.length - 1], lastStepY: t.y[t.y.length - 2] }));
      // Where the horizon ends on the time axis: the embedded end of the last step.
      const data = JSON.parse(document.getElementById('fleetopt-data').textContent);
      const steps = data.time && data.time.step_end_ms ? data.time.step_end_ms.length : (data.bids[0] || []).length;
      const horizonEnd = data.time && data.time.step_end_ms ? data.time.step_end_ms[steps - 1] : steps;
      return { ready: document.body.dataset.ready, errors: r.errors, soc: count('soc-plot', 'soc'), steps, horizonEnd,
               socState: r.socTraces, bid: count('bid-plot', 'bid'), bids, traceType: r.traceType, timings: r.timings };
    });
    console.log(`page drawn in ${drawSeconds.toFixed(2)} s (${first.traceType} traces; in-page ms: ${JSON.stringify(first.timings)})`);
    check(first.ready === '1', 'page finished drawing (body[data-ready] = ' + first.ready + ')');
    check(first.errors.length === 0, 'no script errors recorded by the page: ' + JSON.stringify(first.errors));
    check(options.allowSvg || first.traceType === 'scattergl', 'WebGL traces (scattergl), got ' + first.traceType);
    const shownFirst = Math.min(options.assets, 10);
    check(first.soc === shownFirst && first.socState === shownFirst,
          `state-of-charge traces on opening: ${first.soc} (expected min(A, 10) = ${shownFirst})`);
    check(first.bid === options.markets, `bid traces: ${first.bid} (expected M = ${options.markets})`);
    check(first.bids.every((b) => (b.direction === 'up' && b.min >= 0) || (b.direction === 'down' && b.max <= 0)),
          'up bids plotted >= 0 and down bids <= 0, direction in every legend name');
    // Issue 11: the bid figure stopped one step short of the horizon. Each bid line has T + 1
    // points and ends at the end of the last step, holding the last step's bid there.
    const toMs = (x) => (typeof x === 'string' ? Date.parse(x.replace(' ', 'T') + (x.endsWith('Z') ? '' : 'Z')) : x);
    check(first.bids.every((b) => b.points === first.steps + 1 && toMs(b.lastX) === first.horizonEnd &&
                                  b.lastY === b.lastStepY),
          `bid lines reach the end of the horizon (T + 1 = ${first.steps + 1} points, last x = ${first.horizonEnd}): ` +
          JSON.stringify(first.bids.map((b) => [b.points, b.lastX])).slice(0, 200));

    // A result without a schedule (infeasible, no solution) has no plots and no selector.
    if (await page.$('#assets-all')) {
      const draws = await page.evaluate(() => window.fleetoptReport.socDraws);
      await page.click('#assets-all');
      await page.waitForFunction((n) => window.fleetoptReport.socDraws > n, draws, { timeout: options.timeoutMs });
      const all = await page.evaluate(() =>
        document.getElementById('soc-plot').data.filter((t) => t.meta?.kind === 'soc').length);
      check(all === options.assets, `state-of-charge traces after "All": ${all} (expected A = ${options.assets})`);
    } else {
      check(options.assets === 0 && options.markets === 0,
            'the page has no asset selector (no schedule): expected only with --assets 0 --markets 0');
    }
    await page.screenshot({ path: options.screenshot, fullPage: true });
    console.log('screenshot: ' + options.screenshot);
  });
}

runBrowserTest(main);
