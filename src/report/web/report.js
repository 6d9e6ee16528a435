// fleetopt report page script (docs/report.md). Draws everything from the JSON block
// #fleetopt-data: summary, "State of charge" (one WebGL line per SELECTED asset, dotted lines at
// its soc_min/soc_max when the instance is known), "Bids" (one line per market, down markets
// mirrored below the axis), revenue and the market/asset tables. Loads nothing from anywhere.
// window.fleetoptReport exposes what was drawn (ready flag, trace counts, errors) for the
// browser test (src/report/web/browser_test.mjs).
(function () {
  'use strict';
  const state = { ready: false, errors: [], socTraces: 0, bidTraces: 0, traceType: null, selected: [], socDraws: 0, timings: {} };
  const since = (t0) => Math.round(performance.now() - t0);
  const scriptStart = performance.now();
  state.timings.script_start_ms = Math.round(scriptStart);  // after the HTML and plotly.js are parsed
  window.fleetoptReport = state;
  window.addEventListener('error', (e) => state.errors.push(String(e.message || e)));

  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
                   '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  // A fixed colour per asset index, so a line keeps its colour when the selection changes.
  const assetColor = (i) => (i < PALETTE.length ? PALETTE[i]
    : 'hsl(' + ((i * 137.508) % 360).toFixed(1) + ',65%,42%)');

  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) {
      if (k === 'text') node.textContent = v;
      else if (k === 'className') node.className = v;
      else node.setAttribute(k, v);
    }
    for (const child of children || []) node.append(child);
    return node;
  }
  function num(v, digits) {
    if (v === null || v === undefined) return '\u2014';
    return Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  const eur = (v) => (v === null || v === undefined ? '\u2014' : num(v, 2) + ' EUR');

  function table(headers, rows, totalRow) {
    const head = el('tr', null, headers.map((h) => el('th', { text: h })));
    const body = rows.map((r) => el('tr', null, r.map(cell)));
    if (totalRow) body.push(el('tr', { className: 'total' }, totalRow.map(cell)));
    return el('div', { className: 'table-scroll' }, [el('table', null, [el('thead', null, [head]), el('tbody', null, body)])]);
    function cell(c) {
      return typeof c === 'object' && c !== null ? el('td', { className: 'num', text: c.text }) : el('td', { text: String(c) });
    }
  }
  const n = (v, digits) => ({ text: num(v, digits) });

  function webglAvailable() {
    try {
      const canvas = document.createElement('canvas');
      return !!(canvas.getContext('webgl') || canvas.getContext('experimental-webgl'));
    } catch (e) {
      return false;
    }
  }

  const data = JSON.parse(document.getElementById('fleetopt-data').textContent);
  state.timings.parse_ms = since(scriptStart);
  const S = data.summary;
  const markets = data.markets, assets = data.assets;
  const T = data.time.labels.length;
  const dateAxis = data.time.axis === 'date';
  const notes = data.notes.slice();

  // ---- header -------------------------------------------------------------------------------
  function summary() {
    const dl = document.getElementById('summary');
    const item = (k, v, cls, wide) => dl.append(el('div', wide ? { className: 'wide' } : null,
      [el('dt', { text: k }), el('dd', cls ? { text: v, className: cls } : { text: v })]));
    item('Instance', data.instance || '(unnamed)');
    item('Status', S.status, 'status-' + S.status);
    item('Objective', eur(S.objective));
    item('Best bound', eur(S.best_bound));
    item('Gap', S.gap === null ? '\u2014' : (100 * S.gap).toPrecision(3) + ' %');
    item('Solver', [S.solver || 'unknown', S.solver_version].filter(Boolean).join(' ') +
         (S.formulation ? ' (' + S.formulation + ' formulation)' : ''));
    item('Time', num(S.seconds, 2) + ' s');
    item('Nodes', num(S.nodes, 0));
    item('LP iterations', num(S.lp_iterations, 0));
    item('Size', S.assets + ' assets \u00d7 ' + S.markets + ' markets \u00d7 ' + S.steps + ' steps' +
         (data.time.step_hours ? ' of ' + data.time.step_hours + ' h' : ''));
    if (S.message) item('Message', S.message, null, true);
  }

  // ---- time axis ----------------------------------------------------------------------------
  const idx = Array.from({ length: T }, (_, t) => t);
  const stepStart = dateAxis ? data.time.step_start_ms : idx;
  const stepEnd = dateAxis ? data.time.step_end_ms : idx.map((t) => t + 1);
  const xHover = dateAxis ? '%{x|%Y-%m-%d %H:%M} UTC' : 'after %{x} steps';
  const xAxis = dateAxis ? { type: 'date', title: { text: 'time (UTC)' } }
                         : { type: 'linear', title: { text: 'steps from the start' } };

  // ---- state of charge ----------------------------------------------------------------------
  const socCache = new Map();
  function socTrace(a, traceType) {
    if (!socCache.has(a)) {
      // soc[a][t] is the state at the END of step t; with the instance the initial state is
      // drawn at the start of step 1.
      const x = data.has_instance ? [stepStart[0]].concat(stepEnd) : stepEnd.slice();
      const y = data.has_instance ? [assets[a].soc_initial_mwh].concat(data.soc[a]) : data.soc[a];
      socCache.set(a, { x, y });
    }
    const xy = socCache.get(a);
    return {
      type: traceType, mode: 'lines', name: assets[a].name, x: xy.x, y: xy.y,
      line: { color: assetColor(a), width: 1.5 }, meta: { kind: 'soc', asset: a },
      hovertemplate: xHover + '<br>%{y:.3f} MWh<extra>%{fullData.name}</extra>',
    };
  }
  function boundShapes(selected) {
    if (!data.has_instance) return [];
    const shapes = [];
    for (const a of selected) for (const key of ['soc_min_mwh', 'soc_max_mwh']) {
      const y = assets[a][key];
      shapes.push({ type: 'line', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: y, y1: y,
                    line: { color: assetColor(a), width: 1, dash: 'dot' } });
    }
    return shapes;
  }
  function drawSoc(traceType) {
    const select = document.getElementById('asset-select');
    const selected = Array.from(select.selectedOptions, (o) => Number(o.value));
    state.selected = selected;
    document.getElementById('assets-count').textContent = selected.length + ' of ' + assets.length + ' shown';
    const layout = {
      margin: { t: 20, r: 20 }, xaxis: Object.assign({}, xAxis),
      yaxis: { title: { text: 'state of charge (MWh)' }, rangemode: 'tozero' },
      shapes: boundShapes(selected), hovermode: 'closest', showlegend: true, uirevision: 'soc',
    };
    return Plotly.react('soc-plot', selected.map((a) => socTrace(a, traceType)), layout, plotConfig)
      .then((gd) => {
        state.socTraces = gd.data.filter((t) => t.meta && t.meta.kind === 'soc').length;
        state.socDraws += 1;
      });
  }
  function setupSelector(traceType) {
    const select = document.getElementById('asset-select');
    select.size = Math.min(Math.max(assets.length, 2), 12);
    assets.forEach((a, i) => {
      const option = el('option', { value: String(i), text: a.name });
      option.selected = i < data.default_visible_assets;
      select.append(option);
    });
    const choose = (pred) => {
      Array.from(select.options).forEach((o, i) => { o.selected = pred(i); });
      return drawSoc(traceType);
    };
    select.addEventListener('change', () => drawSoc(traceType));
    document.getElementById('assets-first').textContent = 'First ' + Math.min(data.default_visible_assets, assets.length);
    document.getElementById('assets-first').addEventListener('click', () => choose((i) => i < data.default_visible_assets));
    document.getElementById('assets-all').addEventListener('click', () => choose(() => true));
    document.getElementById('assets-none').addEventListener('click', () => choose(() => false));
    // For scripted use (the browser test): select assets by index and redraw.
    state.showAssets = (indices) => choose((i) => indices.includes(i));
    if (data.has_instance) {
      document.getElementById('soc-section').append(el('p', { className: 'caption',
        text: 'Dotted lines: each shown asset\u2019s soc_min and soc_max. The state of charge is drawn at the end of each step, starting from the initial state.' }));
    } else {
      document.getElementById('soc-section').append(el('p', { className: 'caption missing',
        text: 'State-of-charge bounds and the initial state need the instance (--instance).' }));
    }
  }

  // ---- bids ---------------------------------------------------------------------------------
  function drawBids(traceType) {
    // Step lines: a bid holds over its whole step, so the last value is carried to the end.
    const x = stepStart.concat([stepEnd[T - 1]]);
    const traces = markets.map((m, i) => {
      const up = m.direction === 'up';
      const raw = data.bids[i].concat([data.bids[i][T - 1]]);
      return {
        type: traceType, mode: 'lines', name: m.name + ' (' + m.direction + ')', x,
        y: up ? raw : raw.map((v) => -v), customdata: raw,
        line: { shape: 'hv', width: 1.5, dash: up ? 'solid' : 'dash' }, meta: { kind: 'bid', market: i },
        hovertemplate: xHover + '<br>%{customdata:.3f} MW ' + (up ? 'up (discharge)' : 'down (charge)') +
                       '<extra>%{fullData.name}</extra>',
      };
    });
    const layout = {
      margin: { t: 20, r: 20 }, xaxis: Object.assign({}, xAxis), hovermode: 'x unified',
      yaxis: { title: { text: 'bid (MW): up markets +, down markets \u2212' }, zeroline: true, zerolinewidth: 2 },
      showlegend: true,
    };
    return Plotly.newPlot('bid-plot', traces, layout, plotConfig)
      .then((gd) => { state.bidTraces = gd.data.filter((t) => t.meta && t.meta.kind === 'bid').length; });
  }

  // ---- revenue and tables -------------------------------------------------------------------
  function revenue() {
    const box = document.getElementById('revenue');
    const R = data.revenue;
    if (!R) {
      box.append(el('p', { className: 'missing', text: data.has_instance
        ? 'No schedule: no revenue.' : 'Revenue needs the instance\u2019s prices (--instance).' }));
      return;
    }
    const cycleCost = R.by_asset_cycle_cost.reduce((s, v) => s + v, 0);
    box.append(el('h3', { text: 'By market' }));
    box.append(table(['market', 'direction', 'settlement', 'revenue (EUR)'],
      markets.map((m, i) => [m.name, m.direction, m.settlement, n(R.by_market[i], 2)]),
      ['all markets', '', '', n(R.markets_total, 2)]));
    box.append(table(['', 'EUR'], [
      ['markets total', n(R.markets_total, 2)],
      ['cycling cost of all assets', n(cycleCost === 0 ? 0 : -cycleCost, 2)],
      ['net by assets (the objective for a feasible schedule)', n(R.assets_net_total, 2)],
      ['objective in summary.json', n(S.objective, 2)]]));
    box.append(el('h3', { text: 'By asset (its share of each market: s \u00b7 price \u00b7 dt \u00b7 p)' }));
    box.append(table(['asset'].concat(markets.map((m) => m.name + ' (EUR)'), ['gross (EUR)', 'cycling cost (EUR)', 'net (EUR)']),
      assets.map((a, i) => [a.name].concat(R.by_asset_market[i].map((v) => n(v, 2)),
        [n(R.by_asset_gross[i], 2), n(R.by_asset_cycle_cost[i], 2), n(R.by_asset_net[i], 2)])),
      ['all assets'].concat(markets.map((_, m) => n(R.by_asset_market.reduce((s, row) => s + row[m], 0), 2)),
        [n(R.by_asset_gross.reduce((s, v) => s + v, 0), 2), n(cycleCost, 2), n(R.assets_net_total, 2)])));
  }

  function tables() {
    if (!markets.length && !assets.length) {
      document.getElementById('tables-section').append(el('p', { className: 'missing',
        text: 'The result folder names no markets or assets (it has no schedule).' }));
      return;
    }
    const dt = data.time.step_hours;
    const energy = (i) => (dt ? n(data.bids.length ? data.bids[i].reduce((s, v) => s + v, 0) * dt : null, 3) : n(null, 0));
    const mt = data.has_instance
      ? table(['market', 'direction', 'settlement', 'cap (MW)', 'min bid (MW)', 'price mean', 'price min', 'price max', 'price unit', 'bid energy (MWh)'],
        markets.map((m, i) => [m.name, m.direction, m.settlement, m.cap_mw === null ? 'none' : n(m.cap_mw, 3),
          n(m.min_bid_mw, 3), n(m.price_mean, 2), n(m.price_min, 2), n(m.price_max, 2), m.price_unit, energy(i)]))
      : table(['market', 'direction', 'bid energy (MWh)'], markets.map((m, i) => [m.name, m.direction, energy(i)]));
    document.getElementById('markets-table').append(mt);
    const socStats = (i) => {
      if (!data.soc.length) return [n(null, 0), n(null, 0), n(null, 0)];
      const s = data.soc[i];
      return [n(Math.min(...s), 3), n(Math.max(...s), 3), n(s[s.length - 1], 3)];
    };
    const at = data.has_instance
      ? table(['asset', 'power (MW)', 'energy (MWh)', 'SOC initial', 'SOC min', 'SOC max', 'SOC final min',
               '\u03b7 charge', '\u03b7 discharge', 'cycling cost (EUR/MWh)']
          .concat(markets.map((m) => 'prequalified ' + m.name + ' (MW)'), ['lowest SOC', 'highest SOC', 'final SOC']),
        assets.map((a, i) => [a.name, n(a.power_mw, 3), n(a.energy_mwh, 3), n(a.soc_initial_mwh, 3), n(a.soc_min_mwh, 3),
          n(a.soc_max_mwh, 3), n(a.soc_final_min_mwh, 3), n(a.eta_charge, 4), n(a.eta_discharge, 4),
          n(a.cycle_cost_eur_per_mwh, 2)].concat(a.prequalified_mw.map((q) => n(q, 3)), socStats(i))))
      : table(['asset', 'lowest SOC (MWh)', 'highest SOC (MWh)', 'final SOC (MWh)'],
        assets.map((a, i) => [a.name].concat(socStats(i))));
    document.getElementById('assets-table').append(at);
    if (!data.has_instance)
      document.getElementById('tables-section').append(el('p', { className: 'missing',
        text: 'Power, energy, state-of-charge limits, prequalification, settlement, caps, minimum bids and prices need the instance (--instance).' }));
  }

  const plotConfig = { responsive: true, displaylogo: false };

  function main() {
    summary();
    const traceType = webglAvailable() ? 'scattergl' : 'scatter';
    if (traceType !== 'scattergl')
      notes.push('WebGL is not available in this browser: plots use SVG and may be slow for large results.');
    state.traceType = traceType;
    const noteList = document.getElementById('notes');
    for (const text of notes) noteList.append(el('li', { text }));
    document.getElementById('footer').textContent = 'Generated by ' + data.generated_by +
      '. Times are UTC. Values are rounded to ' + data.decimals + ' decimals.';
    let t0 = performance.now();
    revenue();
    tables();
    state.timings.tables_ms = since(t0);
    t0 = performance.now();
    if (!data.has_schedule || T === 0) {
      for (const id of ['soc-plot', 'bid-plot']) document.getElementById(id).replaceWith(
        el('p', { className: 'missing', text: 'No schedule to plot.' }));
      document.querySelector('.selector').remove();
      return Promise.resolve();
    }
    setupSelector(traceType);
    return Promise.all([drawSoc(traceType), drawBids(traceType)]).then(() => { state.timings.plots_ms = since(t0); });
  }

  Promise.resolve().then(main).then(() => {
    state.ready = true;
    state.timings.ready_ms = Math.round(performance.now());
    document.body.dataset.ready = '1';
  }).catch((e) => {
    state.errors.push(String(e && e.stack ? e.stack : e));
    console.error('fleetopt report: ' + e);
    document.body.prepend(el('p', { className: 'status-error', text: 'The report failed to draw: ' + e }));
    document.body.dataset.ready = 'error';
  });
})();
