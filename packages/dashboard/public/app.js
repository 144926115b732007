// The dashboard page: plain DOM, uPlot for the charts, a canvas for the weights heatmap, and one EventSource that
// keeps everything current (`snapshot` on connect, then `block`, `health` and `status`).

const PALETTE = [
  '#4f46e5',
  '#0ea5e9',
  '#16a34a',
  '#f59e0b',
  '#db2777',
  '#7c3aed',
  '#0d9488',
  '#ea580c',
  '#2563eb',
  '#65a30d',
  '#e11d48',
  '#9333ea',
];
const colorOf = (uid) => PALETTE[uid % PALETTE.length];
const CHARTS = [
  { key: 'stake', digits: 2 },
  { key: 'incentive', digits: 4 },
  { key: 'emission', digits: 4 },
  { key: 'trust', digits: 4 },
  { key: 'dividends', digits: 4 },
];
const MAX_SERIES = 10; // the top uids of each chart; a 256-neuron subnet stays readable

const state = { netuid: null, endpoint: '', metagraph: null, history: [], health: [], error: null };
const view = { sortKey: 'uid', sortAsc: true, filter: '', charts: new Map(), lastValues: new Map() };

const $ = (id) => document.getElementById(id);

function shortKey(ss58) {
  return ss58.length > 12 ? `${ss58.slice(0, 5)}…${ss58.slice(-4)}` : ss58;
}

function fmt(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const abs = Math.abs(x);
  if (abs >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(digits);
}

/** An axis label with as many decimals as the tick step needs (0, 200, 400 / 0.25, 0.5). */
function tick(v, incr) {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  const decimals = incr >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(incr) - 1e-9));
  return v.toFixed(decimals);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'style') node.style.cssText = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function swatch(uid) {
  return el('span', { class: 'swatch', style: `background:${colorOf(uid)}` });
}

// ---- header and stats ----

function renderHeader() {
  const mg = state.metagraph;
  $('title').textContent = `Subnet ${state.netuid ?? ''}`;
  $('endpoint').textContent = state.endpoint;
  const block = $('block');
  const text = mg ? `#${mg.block.toLocaleString('en-US')}` : '–';
  if (block.textContent !== text) {
    block.textContent = text;
    block.classList.remove('flash');
    void block.offsetWidth; // restart the animation
    block.classList.add('flash');
  }
  const err = $('error');
  err.hidden = !state.error;
  err.textContent = state.error ? `Chain read failed: ${state.error} (retrying on the next block)` : '';
}

function renderStats() {
  const mg = state.metagraph;
  if (!mg) return;
  const validators = mg.neurons.filter((n) => n.validatorPermit).length;
  const stake = mg.neurons.reduce((s, n) => s + n.stake, 0);
  const emission = mg.neurons.reduce((s, n) => s + n.emission, 0);
  $('stat-n').textContent = String(mg.n);
  $('stat-validators').textContent = String(validators);
  $('stat-stake').textContent = `${fmt(stake, 2)} τ`;
  $('stat-emission').textContent = `${fmt(emission, 3)} τ`;
  const serving = mg.neurons.filter((n) => n.axon).length;
  const ok = state.health.filter((h) => h.state === 'ok').length;
  $('stat-health').textContent = serving ? `${ok} / ${serving}` : 'none serving';
}

// ---- charts (uPlot) ----

function chartUids(key) {
  const mg = state.metagraph;
  if (!mg) return [];
  const last = state.history.at(-1);
  const ranked = mg.neurons
    .map((n) => ({
      uid: n.uid,
      v: last?.[key]?.[n.uid] ?? 0,
      any: state.history.some((p) => (p[key]?.[n.uid] ?? 0) > 0),
    }))
    .filter((x) => x.any)
    .sort((a, b) => b.v - a.v || a.uid - b.uid)
    .slice(0, MAX_SERIES)
    .map((x) => x.uid);
  return ranked.sort((a, b) => a - b);
}

function chartData(key, uids) {
  const blocks = state.history.map((p) => p.block);
  return [blocks, ...uids.map((uid) => state.history.map((p) => p[key]?.[uid] ?? null))];
}

function renderChart({ key, digits }) {
  const box = document.querySelector(`#chart-${key} .plot`);
  const uids = chartUids(key);
  const data = chartData(key, uids);
  const sig = uids.join(',');
  box.dataset.empty = String(uids.length === 0 && state.history.length > 0);
  const width = Math.max(240, box.clientWidth);
  let chart = view.charts.get(key);
  if (chart && (chart.sig !== sig || chart.width !== width)) {
    chart.plot.destroy();
    chart = undefined;
  }
  if (!chart) {
    box.replaceChildren();
    const opts = {
      width,
      height: 190,
      legend: { show: uids.length > 0, live: false },
      cursor: { points: { size: 6 } },
      scales: { x: { time: false } },
      axes: [
        { stroke: '#6b7488', grid: { stroke: '#eef1f6' }, ticks: { stroke: '#e4e8ef' }, font: '11px system-ui' },
        {
          stroke: '#6b7488',
          grid: { stroke: '#eef1f6' },
          ticks: { stroke: '#e4e8ef' },
          font: '11px system-ui',
          size: 54,
          values: (_u, vals, _axis, _space, incr) => vals.map((v) => tick(v, incr)),
        },
      ],
      series: [
        { label: 'block' },
        ...uids.map((uid) => ({
          label: `uid ${uid}`,
          stroke: colorOf(uid),
          width: 2,
          points: { show: state.history.length < 3, size: 5 },
          value: (_u, v) => fmt(v, digits),
        })),
      ],
    };
    chart = { plot: new window.uPlot(opts, data, box), sig, width };
    view.charts.set(key, chart);
  } else {
    chart.plot.setData(data);
  }
}

function renderCharts() {
  for (const c of CHARTS) renderChart(c);
}

// ---- weights heatmap (canvas) ----

function heatColor(w) {
  // white-indigo ramp: 0 → #f1f5ff, 0.33 → #a5b4fc, 0.66 → #4f46e5, 1 → #1e1b4b
  const stops = [
    [0, [241, 245, 255]],
    [0.33, [165, 180, 252]],
    [0.66, [79, 70, 229]],
    [1, [30, 27, 75]],
  ];
  const x = Math.max(0, Math.min(1, w));
  let i = 0;
  while (i < stops.length - 2 && x > stops[i + 1][0]) i++;
  const [x0, c0] = stops[i];
  const [x1, c1] = stops[i + 1];
  const t = (x - x0) / (x1 - x0);
  const c = c0.map((v, k) => Math.round(v + (c1[k] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function heatmapAxes() {
  const mg = state.metagraph;
  const rows = [...new Set(mg.weights.map(([v]) => v))].sort((a, b) => a - b);
  const weighted = new Set(mg.weights.map(([, m]) => m));
  const cols = mg.neurons.filter((n) => !n.validatorPermit || weighted.has(n.uid)).map((n) => n.uid);
  return { rows, cols };
}

function renderHeatmap() {
  const mg = state.metagraph;
  const canvas = $('heatmap');
  const empty = !mg || mg.weights.length === 0;
  $('heatmap-empty').hidden = !empty;
  canvas.hidden = empty;
  if (empty) return;
  const { rows, cols } = heatmapAxes();
  const left = 86;
  const room = Math.floor((canvas.parentElement.clientWidth - left - 8) / Math.max(1, cols.length));
  const cellW = Math.max(12, Math.min(110, room));
  const cellH = Math.max(12, Math.min(44, cellW));
  const top = 26;
  const width = left + cellW * cols.length + 4;
  const height = top + cellH * rows.length + 4;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = width * dpr;
  canvas.height = height * dpr;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const w = new Map(mg.weights.map(([v, m, x]) => [`${v}:${m}`, x]));
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#6b7488';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  const showEvery = Math.ceil(22 / cellW);
  cols.forEach((uid, j) => {
    if (j % showEvery === 0) ctx.fillText(String(uid), left + j * cellW + cellW / 2, top - 6);
  });
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  rows.forEach((uid, i) => {
    ctx.fillStyle = '#6b7488';
    ctx.fillText(`validator ${uid}`, left - 8, top + i * cellH + cellH / 2);
    cols.forEach((m, j) => {
      const x = w.get(`${uid}:${m}`) ?? 0;
      ctx.fillStyle = heatColor(x);
      ctx.fillRect(left + j * cellW + 1, top + i * cellH + 1, cellW - 2, cellH - 2);
      if (cellW >= 44 && cellH >= 22 && x > 0) {
        ctx.fillStyle = x > 0.4 ? '#ffffff' : '#1e1b4b';
        ctx.textAlign = 'center';
        ctx.fillText(x.toFixed(2), left + j * cellW + cellW / 2, top + i * cellH + cellH / 2);
        ctx.textAlign = 'right';
      }
    });
  });
  canvas.onmousemove = (ev) => {
    const rect = canvas.getBoundingClientRect();
    const j = Math.floor((ev.clientX - rect.left - left) / cellW);
    const i = Math.floor((ev.clientY - rect.top - top) / cellH);
    const tip = $('heatmap-tip');
    if (i < 0 || j < 0 || i >= rows.length || j >= cols.length) {
      tip.hidden = true;
      return;
    }
    tip.hidden = false;
    tip.textContent = `validator ${rows[i]} → uid ${cols[j]}: ${(w.get(`${rows[i]}:${cols[j]}`) ?? 0).toFixed(4)}`;
    tip.style.left = `${ev.clientX - rect.left + 12}px`;
    tip.style.top = `${ev.clientY - rect.top + 12}px`;
  };
  canvas.onmouseleave = () => {
    $('heatmap-tip').hidden = true;
  };
}

// ---- axon health ----

function healthByUid() {
  return new Map(state.health.map((h) => [h.uid, h]));
}

function healthPill(h, serving) {
  if (!serving) return el('span', { class: 'pill none' }, 'not serving');
  if (!h) return el('span', { class: 'pill none' }, 'pinging…');
  const label = h.state === 'ok' ? 'ok' : h.state === 'refused' ? `${h.status}` : 'down';
  return el('span', { class: `pill ${h.state}`, title: h.message ?? '' }, label);
}

function renderHealth() {
  const mg = state.metagraph;
  const list = $('health');
  if (!mg) return;
  const byUid = healthByUid();
  const serving = mg.neurons.filter((n) => n.axon);
  const idle = mg.neurons.filter((n) => !n.axon);
  const slowest = Math.max(1, ...state.health.map((h) => h.latencyMs ?? 0));
  const items = serving.map((n) => {
    const h = byUid.get(n.uid);
    const bar = el('span', { class: 'latbar' });
    bar.style.width = `${h?.latencyMs != null ? Math.max(4, (100 * h.latencyMs) / slowest) : 0}%`;
    return el(
      'li',
      { 'data-uid': String(n.uid) },
      el('span', { class: 'uid' }, swatch(n.uid), String(n.uid)),
      el('span', { class: 'addr', title: n.hotkey }, `${n.axon.ip}:${n.axon.port}`, bar),
      healthPill(h, true),
      el('span', { class: 'lat' }, h?.latencyMs != null ? `${h.latencyMs.toFixed(1)} ms` : '–'),
    );
  });
  if (idle.length > 0) {
    const uids = idle.map((n) => n.uid);
    const shown = uids.length > 12 ? `${uids.slice(0, 12).join(', ')} … (${uids.length})` : uids.join(', ');
    items.push(el('li', { class: 'none' }, `No axon published: uid ${shown}`));
  }
  if (serving.length === 0) items.unshift(el('li', { class: 'none' }, 'No neuron serves an axon yet.'));
  list.replaceChildren(...items);
}

// ---- metagraph table ----

const NUM_COLUMNS = [
  ['stake', 2],
  ['incentive', 4],
  ['emission', 4],
  ['trust', 4],
  ['consensus', 4],
  ['dividends', 4],
];

function sortValue(n, key, health) {
  if (key === 'hotkey') return n.hotkey;
  if (key === 'axon') return n.axon ? `${n.axon.ip}:${String(n.axon.port).padStart(5, '0')}` : '';
  if (key === 'validatorPermit') return n.validatorPermit ? 1 : 0;
  if (key === 'latency') return health.get(n.uid)?.latencyMs ?? Number.POSITIVE_INFINITY;
  return n[key];
}

function matches(n, q) {
  if (!q) return true;
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = [
    `uid ${n.uid}`,
    String(n.uid),
    n.hotkey.toLowerCase(),
    n.coldkey.toLowerCase(),
    n.axon ? `${n.axon.ip}:${n.axon.port}` : 'not serving',
    n.validatorPermit ? 'validator' : 'miner',
  ].join(' ');
  return words.every((w) => (/^\d+$/.test(w) ? n.uid === Number(w) || hay.includes(` ${w}`) : hay.includes(w)));
}

function renderTable() {
  const mg = state.metagraph;
  if (!mg) return;
  const health = healthByUid();
  const maxOf = Object.fromEntries(NUM_COLUMNS.map(([k]) => [k, Math.max(...mg.neurons.map((n) => n[k]), 0)]));
  const rows = mg.neurons.filter((n) => matches(n, view.filter));
  rows.sort((a, b) => {
    const x = sortValue(a, view.sortKey, health);
    const y = sortValue(b, view.sortKey, health);
    const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
    return (view.sortAsc ? c : -c) || a.uid - b.uid;
  });
  const body = document.querySelector('#neurons tbody');
  body.replaceChildren(
    ...rows.map((n) => {
      const before = view.lastValues.get(n.uid);
      const now = NUM_COLUMNS.map(([k]) => n[k]).join('|');
      const tr = el('tr', {
        'data-uid': String(n.uid),
        class: before !== undefined && before !== now ? 'changed' : '',
      });
      view.lastValues.set(n.uid, now);
      tr.append(
        el('td', { class: 'num', 'data-col': 'uid' }, el('span', { class: 'uid' }, swatch(n.uid), String(n.uid))),
        el('td', { class: 'mono', 'data-col': 'hotkey', title: n.hotkey }, shortKey(n.hotkey)),
      );
      for (const [k, digits] of NUM_COLUMNS) {
        const pct = maxOf[k] > 0 ? (100 * n[k]) / maxOf[k] : 0;
        const td = el('td', { class: 'num bar', 'data-col': k, 'data-value': String(n[k]) }, fmt(n[k], digits));
        td.style.backgroundSize = `${pct.toFixed(1)}% 100%`;
        tr.append(td);
      }
      const h = health.get(n.uid);
      tr.append(
        el(
          'td',
          { 'data-col': 'validatorPermit' },
          n.validatorPermit ? el('span', { class: 'pill validator' }, 'validator') : '',
        ),
        el('td', { class: 'mono', 'data-col': 'axon' }, n.axon ? `${n.axon.ip}:${n.axon.port}` : '–'),
        el(
          'td',
          { class: 'num', 'data-col': 'latency' },
          healthPill(h, Boolean(n.axon)),
          h?.latencyMs != null ? ` ${h.latencyMs.toFixed(1)} ms` : '',
        ),
      );
      return tr;
    }),
  );
  $('count').textContent = rows.length === mg.n ? `${mg.n} neurons` : `${rows.length} of ${mg.n} neurons`;
  for (const th of document.querySelectorAll('#neurons th')) {
    th.classList.toggle('sorted', th.dataset.key === view.sortKey);
    th.classList.toggle('asc', th.dataset.key === view.sortKey && view.sortAsc);
  }
}

function renderAll() {
  renderHeader();
  renderStats();
  renderCharts();
  renderHeatmap();
  renderHealth();
  renderTable();
}

// ---- events ----

for (const th of document.querySelectorAll('#neurons th')) {
  th.addEventListener('click', () => {
    const key = th.dataset.key;
    if (view.sortKey === key) view.sortAsc = !view.sortAsc;
    else {
      view.sortKey = key;
      view.sortAsc = key === 'uid' || key === 'hotkey' || key === 'axon' || key === 'latency';
    }
    renderTable();
  });
}
$('filter').addEventListener('input', (ev) => {
  view.filter = ev.target.value.trim();
  renderTable();
});
let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    renderCharts();
    renderHeatmap();
  }, 150);
});

function setLive(on, text) {
  $('live').classList.toggle('off', !on);
  $('live-text').textContent = text;
}

function connect() {
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => setLive(true, 'live'));
  source.addEventListener('error', () => setLive(false, 'reconnecting…'));
  source.addEventListener('snapshot', (ev) => {
    Object.assign(state, JSON.parse(ev.data));
    setLive(true, 'live');
    renderAll();
  });
  source.addEventListener('block', (ev) => {
    const { metagraph, point } = JSON.parse(ev.data);
    state.metagraph = metagraph;
    const last = state.history.at(-1);
    if (last && last.block === point.block) state.history[state.history.length - 1] = point;
    else state.history.push(point);
    if (state.history.length > 2000) state.history.splice(0, state.history.length - 2000);
    renderAll();
  });
  source.addEventListener('health', (ev) => {
    state.health = JSON.parse(ev.data);
    renderStats();
    renderHealth();
    renderTable();
  });
  source.addEventListener('status', (ev) => {
    state.error = JSON.parse(ev.data).error;
    renderHeader();
  });
}

connect();
