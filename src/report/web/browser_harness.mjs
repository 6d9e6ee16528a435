// What the browser tests of the report pages share (browser_test.mjs, experiment_browser_test.mjs):
// Debian's chromium, headless and offline, driven by playwright-core (never downloads a browser);
// the page opened from a file URL with every other request recorded and aborted; console and
// page errors collected; the page's own "finished drawing" flag awaited; and the checks that
// every test makes after it: no console error, no page error, no network request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const failures = [];

// Prints one check and remembers a failed one (the process exits 1 if any failed).
export function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures.push(what);
}

// Opens `html` and runs `inspect(page, drawSeconds)` once the page has set body[data-ready]
// ("1" or "error"); `drawSeconds` is the time from navigation to that flag. Options: chromium
// (path), timeoutMs, profilePrefix (temporary profile folder name), extraArgs (chromium flags).
export async function inOfflinePage(html, options, inspect) {
  const pageUrl = pathToFileURL(resolve(html)).href;
  const profile = mkdtempSync(join(tmpdir(), options.profilePrefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromium,
    headless: true,
    // Chromium as root in a container: no sandbox; nothing that phones home on its own.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-quic', ...(options.extraArgs || [])],
    viewport: { width: 1400, height: 900 },
    offline: true,
  });
  const consoleErrors = [], pageErrors = [], requests = [];
  try {
    context.on('request', (request) => {
      if (request.url() !== pageUrl) requests.push(request.url());
    });
    await context.route('**/*', (route) => (route.request().url() === pageUrl ? route.continue() : route.abort()));
    const page = context.pages()[0] || (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.setDefaultTimeout(options.timeoutMs);
    const started = Date.now();
    await page.goto(pageUrl, { waitUntil: 'load', timeout: options.timeoutMs });
    await page.waitForFunction(() => document.body.dataset.ready === '1' || document.body.dataset.ready === 'error',
                               null, { timeout: options.timeoutMs });
    await inspect(page, (Date.now() - started) / 1000);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  check(consoleErrors.length === 0, 'no console errors: ' + JSON.stringify(consoleErrors.slice(0, 5)));
  check(pageErrors.length === 0, 'no uncaught page errors: ' + JSON.stringify(pageErrors.slice(0, 5)));
  check(requests.length === 0, 'no network requests: ' + JSON.stringify(requests.slice(0, 5)));
}

// Runs a test's main and exits: 0 when every check passed, 1 otherwise or on an exception.
export function runBrowserTest(main) {
  main().then(() => {
    console.log(failures.length ? `${failures.length} check(s) failed` : 'all checks passed');
    process.exit(failures.length ? 1 : 0);
  }, (error) => {
    console.error('browser test error: ' + (error && error.stack ? error.stack : error));
    process.exit(1);
  });
}
