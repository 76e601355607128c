// tickstore console: one page over the public HTTP API and the live stream (docs/console.md).
// Decimals stay exact text end to end (JSON numbers are read from their source text); only the
// chart's coordinates are binary floats.
'use strict';

const TIMEFRAMES = { '1m': 60e3, '5m': 300e3, '15m': 900e3, '1h': 3600e3, '1d': 86400e3 };
const HISTORY_BARS = 300;
const KEPT_BARS = 2000;
const SHOWN_TICKS = 50;
const SHOWN_ORDERS = 100;
const TOKEN_KEY = 'tickstore.token';
const OPEN_ORDER_STATUSES = 'pending,submitted,partial';

const state = {
  exchange: null, symbol: null, timeframe: '1m',
  generation: 0,          // bumps on every feed change; answers for an older one are dropped
  feeds: new Map(),       // exchange -> sorted symbols
  bars: [],               // sorted by time; each bar as the API gives it, decimals as text
  ticks: [],              // newest first
  tickKeys: new Set(),
  orders: new Map(),      // order_id -> order
  quote: null,
  ws: null, wsOpen: false, subscriptions: [], reconnectDelay: 1000,
  revisions: 0,
  rates: [],
};

const $ = (id) => document.getElementById(id);
let chart = null;
let rateChart = null;

// ---------- JSON with exact decimals, and the HTTP API ----------

/** JSON.parse keeping every number as its source text ("190.00000001" stays exact). */
function parseExact(text) {
  return JSON.parse(text, function (key, value, context) {
    if (typeof value !== 'number') return value;
    return context && context.source !== undefined ? context.source : String(value);
  });
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

let tokenPrompt = null;

function askToken(reason) {
  if (!tokenPrompt) {
    tokenPrompt = new Promise((resolve) => {
      const dialog = $('token-dialog');
      $('token-input').value = '';
      if (reason) dialog.querySelector('p').dataset.reason = reason;
      dialog.addEventListener('close', () => {
        const token = $('token-input').value.trim();
        if (token) sessionStorage.setItem(TOKEN_KEY, token);
        tokenPrompt = null;
        $('token-button').hidden = !sessionStorage.getItem(TOKEN_KEY);
        resolve();
      }, { once: true });
      dialog.showModal();
    });
  }
  return tokenPrompt;
}

async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    await askToken('401');
    return api(path);
  }
  const text = await response.text();
  const body = text && (response.headers.get('content-type') || '').startsWith('application/json')
    ? parseExact(text) : null;
  if (!response.ok) throw new ApiError(response.status, (body && body.error) || response.statusText);
  return body;
}

// ---------- formatting ----------

const fmtTime = (iso) => (iso ? iso.replace('T', ' ').replace('Z', '') : '');
const orDash = (v) => (v === null || v === undefined ? '–' : v);
const sign = (text) => (text && text.startsWith('-') ? 'down' : text && /[1-9]/.test(text) ? 'up' : '');

function fmtRate(v) {
  if (v === null || v === undefined) return '–';
  const n = Number(v);
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function fmtBytes(v) {
  const n = Number(v);
  if (!n) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  return x.toFixed(1) + ' ' + units[i];
}

/** Exact sum of decimal texts (up to 16 fraction digits, as the API prints amounts). */
function decimalSum(texts) {
  const SCALE = 16;
  let total = 0n;
  for (const t of texts) {
    if (t === null || t === undefined) continue;
    const negative = t.startsWith('-');
    const [whole, fraction = ''] = t.replace('-', '').split('.');
    const units = BigInt(whole + fraction.padEnd(SCALE, '0'));
    total += negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? '.' + fraction : '');
}

/** Appends a row of cells to a table body; a cell is a value, or [value, css class]. */
function addRow(body, cells) {
  const row = body.insertRow();
  for (const c of cells) {
    const td = row.insertCell();
    const [text, cls] = Array.isArray(c) ? c : [c, ''];
    td.textContent = orDash(text);
    if (cls) td.className = cls;
  }
  return row;
}

// ---------- feed selection, kept in the URL ----------

function readUrl() {
  const params = new URLSearchParams(location.search);
  const timeframe = params.get('timeframe');
  return {
    exchange: params.get('exchange'),
    symbol: params.get('symbol'),
    timeframe: TIMEFRAMES[timeframe] ? timeframe : '1m',
  };
}

function writeUrl() {
  const params = new URLSearchParams({ exchange: state.exchange, symbol: state.symbol, timeframe: state.timeframe });
  history.replaceState(null, '', '/?' + params.toString());
}

async function loadFeeds() {
  const body = await api('/api/v1/quotes/latest');
  const feeds = new Map();
  for (const q of body.quotes) {
    if (!feeds.has(q.exchange)) feeds.set(q.exchange, []);
    feeds.get(q.exchange).push(q.symbol);
  }
  state.feeds = feeds;
  renderFeedPickers();
}

function renderFeedPickers() {
  const exchanges = [...state.feeds.keys()];
  if (state.exchange && !state.feeds.has(state.exchange)) exchanges.push(state.exchange);
  fillSelect($('exchange'), exchanges, state.exchange);
  const symbols = [...(state.feeds.get(state.exchange) || [])];
  if (state.symbol && !symbols.includes(state.symbol)) symbols.push(state.symbol);
  fillSelect($('symbol'), symbols, state.symbol);
}

function fillSelect(select, values, selected) {
  const current = [...select.options].map((o) => o.value).join('\n');
  if (current !== values.join('\n')) {
    select.replaceChildren(...values.map((v) => new Option(v, v)));
  }
  if (selected !== null) select.value = selected;
}

function renderTimeframes() {
  const box = $('timeframes');
  box.replaceChildren(...Object.keys(TIMEFRAMES).map((tf) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = tf;
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-checked', String(tf === state.timeframe));
    b.addEventListener('click', () => select(state.exchange, state.symbol, tf));
    return b;
  }));
}

/** Switches the page to a feed and timeframe: URL, subscriptions, history. */
function select(exchange, symbol, timeframe) {
  if (!exchange || !symbol) return;
  const feedChanged = exchange !== state.exchange || symbol !== state.symbol;
  state.exchange = exchange;
  state.symbol = symbol;
  state.timeframe = timeframe;
  state.generation++;
  state.bars = [];
  if (feedChanged) {
    state.ticks = [];
    state.tickKeys = new Set();
    state.orders = new Map();
    state.quote = null;
  }
  writeUrl();
  renderFeedPickers();
  renderTimeframes();
  $('legend-feed').textContent = exchange + ' ' + symbol + ' · ' + timeframe;
  $('legend-note').textContent = '';
  $('quotes-exchange').textContent = exchange;
  document.title = symbol + ' · ' + exchange + ' — tickstore';
  drawChart(true);
  renderTicks();
  renderOrders();
  renderQuote();
  subscribe();
  loadFeed().catch(report);
  refreshQuotes().catch(report);
}

// ---------- history over HTTP ----------

/** Reads the feed's state over HTTP; pushes that arrived meanwhile are merged, never overwritten by older data. */
async function loadFeed() {
  const generation = state.generation;
  const { exchange, symbol, timeframe } = state;
  const feed = 'exchange=' + encodeURIComponent(exchange) + '&symbol=' + encodeURIComponent(symbol);
  let quote = null;
  try {
    quote = (await api('/api/v1/quotes/latest?' + feed)).quote;
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  if (generation !== state.generation) return;
  if (quote) applyQuote(quote);
  const tasks = [loadOrders(generation, feed)];
  if (quote && quote.last_time) tasks.push(loadBars(generation, feed, timeframe, Date.parse(quote.last_time)));
  const newest = quote && [quote.bid_time, quote.ask_time, quote.last_time].filter(Boolean).sort().pop();
  if (newest) tasks.push(loadTicks(generation, feed, Date.parse(newest)));
  await Promise.all(tasks);
  drawChart(true);
}

async function loadBars(generation, feed, timeframe, lastTradeMs) {
  const step = TIMEFRAMES[timeframe];
  const to = Math.floor(lastTradeMs / step) * step + step;
  const from = to - HISTORY_BARS * step;
  let path = '/api/v1/ohlcv?' + feed + '&timeframe=' + timeframe + '&from=' + new Date(from).toISOString()
    + '&to=' + new Date(to).toISOString() + '&limit=1000';
  let cursor = null;
  do {
    const page = await api(path + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    if (generation !== state.generation) return;
    for (const bar of page.bars) mergeBar(bar);
    cursor = page.next_cursor;
  } while (cursor);
}

async function loadTicks(generation, feed, newestMs) {
  let path = '/api/v1/ticks?' + feed + '&from=' + new Date(newestMs - 10e3).toISOString() + '&limit=1000';
  let cursor = null;
  let pages = 0;
  const found = [];
  do {
    const page = await api(path + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    if (generation !== state.generation) return;
    found.push(...page.ticks);
    if (found.length > SHOWN_TICKS) found.splice(0, found.length - SHOWN_TICKS);
    cursor = page.next_cursor;
  } while (cursor && ++pages < 20);
  for (const tick of found) addTick(tick, false);
  renderTicks();
}

async function loadOrders(generation, feed) {
  const page = await api('/api/v1/orders?' + feed + '&status=' + OPEN_ORDER_STATUSES + '&limit=' + SHOWN_ORDERS);
  if (generation !== state.generation) return;
  for (const order of page.orders) mergeOrder(order);
  renderOrders();
}

// ---------- bars and the chart ----------

/**
 * Keeps whichever state of a bar is newer: a bar only gains trades (a late tick adds one), and with
 * the same trades a complete bar is newer than an open one.
 */
function newer(current, candidate) {
  const a = Number(current.trade_count);
  const b = Number(candidate.trade_count);
  return b > a || (b === a && !(current.complete && !candidate.complete));
}

/** Merges one bar (from the API or a push); returns true when it changed the series. */
function mergeBar(bar) {
  const t = Date.parse(bar.time);
  const bars = state.bars;
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].t < t) lo = mid + 1; else hi = mid;
  }
  const entry = Object.assign({ t }, bar);
  if (lo < bars.length && bars[lo].t === t) {
    if (!newer(bars[lo], bar)) return false;
    bars[lo] = entry;
  } else {
    bars.splice(lo, 0, entry);
    if (bars.length > KEPT_BARS) bars.shift();
  }
  return true;
}

function axisLabel(iso) {
  const text = fmtTime(iso);
  return TIMEFRAMES[state.timeframe] >= 86400e3 ? text.slice(0, 10) : text.slice(5, 16);
}

function initCharts() {
  chart = echarts.init($('chart'), null, { renderer: 'canvas' });
  const axisColor = '#7d8a97';
  chart.setOption({
    animation: false,
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'cross' },
      backgroundColor: '#161d25', borderColor: '#26313d', textStyle: { color: '#d7dde4' },
      formatter: (params) => {
        const bar = state.bars[params[0].dataIndex];
        if (!bar) return '';
        return fmtTime(bar.time) + '<br>O ' + bar.open + '  H ' + bar.high + '<br>L ' + bar.low + '  C ' + bar.close
          + '<br>V ' + bar.volume + '  VWAP ' + orDash(bar.vwap) + '<br>trades ' + bar.trade_count
          + (bar.complete ? '' : ' (open)');
      },
    },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [{ left: 70, right: 16, top: 8, bottom: '27%' }, { left: 70, right: 16, top: '78%', bottom: 24 }],
    xAxis: [
      { type: 'category', data: [], axisLine: { lineStyle: { color: '#26313d' } },
        axisLabel: { color: axisColor, formatter: axisLabel } },
      { type: 'category', gridIndex: 1, data: [], axisLabel: { show: false }, axisTick: { show: false },
        axisLine: { lineStyle: { color: '#26313d' } } },
    ],
    yAxis: [
      { scale: true, position: 'left', splitLine: { lineStyle: { color: '#1f2832' } }, axisLabel: { color: axisColor } },
      { scale: true, gridIndex: 1, splitNumber: 2, splitLine: { show: false }, axisLabel: { color: axisColor } },
    ],
    dataZoom: [{ type: 'inside', xAxisIndex: [0, 1], start: 60, end: 100 }],
    series: [
      { name: 'price', type: 'candlestick', data: [],
        itemStyle: { color: '#26a69a', color0: '#ef5350', borderColor: '#26a69a', borderColor0: '#ef5350' } },
      { name: 'volume', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: [] },
    ],
  });
  rateChart = echarts.init($('rate-chart'), null, { renderer: 'canvas' });
  rateChart.setOption({
    animation: false,
    grid: { left: 44, right: 4, top: 6, bottom: 4 },
    xAxis: { type: 'category', show: false, data: [] },
    yAxis: { type: 'value', min: 0, splitNumber: 2, axisLabel: { color: axisColor, fontSize: 10 },
      splitLine: { lineStyle: { color: '#1f2832' } } },
    series: [{ type: 'line', data: [], showSymbol: false, lineStyle: { color: '#4c9aff', width: 1 },
      areaStyle: { color: 'rgba(76,154,255,.15)' } }],
  });
  window.addEventListener('resize', () => { chart.resize(); rateChart.resize(); });
}

let drawPending = false;

/** Redraws the chart and legend; cheap to call often (one draw per event-loop turn). */
function drawChart(now) {
  if (now) { draw(true); return; }
  if (drawPending) return;
  drawPending = true;
  setTimeout(() => draw(false), 0);
}

/** reset: a new feed or a reload, so the view goes back to the newest bars. */
function draw(reset) {
  drawPending = false;
  const bars = state.bars;
  const times = bars.map((b) => b.time);
  const zoom = reset ? { dataZoom: [{ start: Math.max(0, 100 - (120 / Math.max(bars.length, 1)) * 100), end: 100 }] } : {};
  chart.setOption(Object.assign(zoom, {
    xAxis: [{ data: times }, { data: times }],
    series: [
      { data: bars.map((b) => [Number(b.open), Number(b.close), Number(b.low), Number(b.high)]) },
      { data: bars.map((b) => ({ value: Number(b.volume),
        itemStyle: { color: Number(b.close) >= Number(b.open) ? 'rgba(38,166,154,.5)' : 'rgba(239,83,80,.5)' } })) },
    ],
  }));
  $('chart-empty').hidden = bars.length > 0;
  const last = bars[bars.length - 1];
  for (const f of ['open', 'high', 'low', 'close', 'volume']) {
    $('legend-' + f).textContent = last ? last[f] : '–';
  }
  $('legend-time').textContent = last ? fmtTime(last.time) + ' UTC' : '';
  $('legend-complete').textContent = last ? (last.complete ? 'complete' : 'open') : '';
  $('legend').dataset.drawnAt = String(Date.now()); // when the legend last changed (the browser test reads it)
  $('chart').dataset.revisions = String(state.revisions);
}

function noteRevision(bar) {
  state.revisions++;
  $('legend-note').textContent = 'revised ' + fmtTime(bar.time) + ' (late tick)';
  clearTimeout(noteRevision.timer);
  noteRevision.timer = setTimeout(() => { $('legend-note').textContent = ''; }, 5000);
}

// ---------- ticks, quotes, orders, positions ----------

function addTick(tick, fresh) {
  const key = tick.timestamp + '/' + tick.sequence_number;
  if (state.tickKeys.has(key)) return;
  state.tickKeys.add(key);
  state.ticks.unshift(Object.assign({ fresh }, tick));
  while (state.ticks.length > SHOWN_TICKS) {
    const old = state.ticks.pop();
    state.tickKeys.delete(old.timestamp + '/' + old.sequence_number);
  }
}

function renderTicks() {
  const body = $('ticks').tBodies[0];
  body.replaceChildren();
  for (const t of state.ticks) {
    const row = addRow(body, [fmtTime(t.timestamp), t.sequence_number, t.bid_price, t.ask_price, t.last_price,
      t.last_size]);
    if (t.fresh) { row.className = 'fresh'; t.fresh = false; }
  }
}

function applyQuote(quote) {
  if (quote.exchange !== state.exchange || quote.symbol !== state.symbol) return;
  const current = state.quote;
  // A quote's newest side time only moves forward; an older one (from a slower read) is dropped.
  if (current && newestTime(current) > newestTime(quote)) return;
  state.quote = quote;
  renderQuote();
}

const newestTime = (q) => [q.bid_time, q.ask_time, q.last_time].filter(Boolean).sort().pop() || '';

function renderQuote() {
  const q = state.quote || {};
  for (const side of ['bid', 'ask', 'last']) {
    $('quote-' + side + '-price').textContent = orDash(q[side + '_price']);
    $('quote-' + side + '-size').textContent = q[side + '_size'] || '';
    $('quote-' + side + '-time').textContent = fmtTime(q[side + '_time']);
  }
}

async function refreshQuotes() {
  const exchange = state.exchange;
  if (!exchange) return;
  const body = await api('/api/v1/quotes/latest?exchange=' + encodeURIComponent(exchange));
  if (exchange !== state.exchange) return;
  // The exchange's symbols, fresh every 2 s (the full feed list is read less often).
  const symbols = body.quotes.map((q) => q.symbol);
  state.feeds.set(exchange, symbols);
  renderFeedPickers();
  const rows = $('quotes').tBodies[0];
  rows.replaceChildren();
  for (const q of body.quotes.slice(0, 500)) {
    const row = addRow(rows, [q.symbol, q.bid_price, q.ask_price, q.last_price, q.last_size]);
    row.className = 'clickable' + (q.symbol === state.symbol ? ' selected' : '');
    row.addEventListener('click', () => select(exchange, q.symbol, state.timeframe));
  }
}

function mergeOrder(order) {
  const current = state.orders.get(order.order_id);
  if (!current || current.updated_at <= order.updated_at) state.orders.set(order.order_id, order);
}

function renderOrders() {
  const body = $('orders').tBodies[0];
  body.replaceChildren();
  const orders = [...state.orders.values()].sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
  for (const o of orders.slice(0, SHOWN_ORDERS)) {
    addRow(body, [o.order_id, o.strategy_id, [o.side, o.side === 'buy' ? 'up' : 'down'], o.order_type, o.quantity,
      o.price, o.status, o.filled_quantity, o.average_fill_price, fmtTime(o.updated_at)]);
  }
}

async function refreshPositions() {
  const body = await api('/api/v1/positions?limit=500');
  const rows = $('positions').tBodies[0];
  rows.replaceChildren();
  for (const p of body.positions) {
    addRow(rows, [p.exchange + ' ' + p.symbol, p.strategy_id,
      [p.side, p.side === 'long' ? 'up' : p.side === 'short' ? 'down' : ''], p.quantity, p.average_entry_price,
      p.market_price, [p.unrealized_pnl, sign(p.unrealized_pnl)], [p.realized_pnl, sign(p.realized_pnl)]]);
  }
  const unrealized = decimalSum(body.positions.map((p) => p.unrealized_pnl));
  const realized = decimalSum(body.positions.map((p) => p.realized_pnl));
  $('positions-unrealized').textContent = unrealized;
  $('positions-unrealized').className = sign(unrealized);
  $('positions-realized').textContent = realized;
  $('positions-realized').className = sign(realized);
}

let positionsRefresh = null;

function refreshPositionsSoon() {
  if (positionsRefresh) return;
  positionsRefresh = setTimeout(() => { positionsRefresh = null; refreshPositions().catch(report); }, 100);
}

// ---------- server status ----------

async function refreshStatus() {
  const s = await api('/api/v1/status');
  $('status-state').textContent = s.status;
  $('status-ingest-rate').textContent = fmtRate(s.ingest.messages_per_second);
  $('status-frames').textContent = fmtRate(s.ingest.frames_per_second);
  $('status-error-frames').textContent = fmtRate(s.ingest.error_frames_per_second);
  $('status-ack-mean').textContent = orDash(s.ingest.ack_latency_ms.mean);
  $('status-ack-p99').textContent = orDash(s.ingest.ack_latency_ms.p99);
  $('status-ingest-connections').textContent = s.ingest.connections;
  $('status-stream-connections').textContent = s.stream.connections;
  $('status-journal-index').textContent = s.journal ? s.journal.index : '–';
  $('status-disk-free').textContent = s.journal ? fmtBytes(s.journal.disk_free_bytes) : '–';
  $('status-queries').textContent = fmtRate(s.query.requests_per_second);
  $('status-query-errors').textContent = fmtRate(s.query.server_errors_per_second);
  const sinks = $('sinks').tBodies[0];
  sinks.replaceChildren();
  for (const sink of s.sinks) {
    addRow(sinks, [sink.name, sink.applied_index, [sink.lag_messages, Number(sink.lag_messages) > 0 ? 'down' : '']]);
  }
  state.rates.push(Number(s.ingest.messages_per_second));
  if (state.rates.length > 120) state.rates.shift();
  rateChart.setOption({ xAxis: { data: state.rates.map((_, i) => i) }, series: [{ data: state.rates }] });
}

// ---------- the live stream ----------

function streamUrl() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/stream';
}

/** A token travels as a WebSocket subprotocol: browsers cannot set headers on the upgrade. */
function streamProtocols() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  const base64url = btoa(String.fromCharCode(...new TextEncoder().encode(token)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return ['tickstore.bearer.' + base64url];
}

function setStreamState(s) {
  const el = $('stream-state');
  el.dataset.state = s;
  el.textContent = s === 'live' ? 'live' : s === 'closed' ? 'reconnecting' : 'connecting';
}

function connect() {
  setStreamState('connecting');
  const ws = new WebSocket(streamUrl(), streamProtocols());
  state.ws = ws;
  ws.onopen = () => {
    state.wsOpen = true;
    state.reconnectDelay = 1000;
    state.subscriptions = [];
    setStreamState('live');
    subscribe();
    // Anything pushed while the socket was down is read again over HTTP.
    if (state.exchange) loadFeed().catch(report);
  };
  ws.onmessage = (event) => onPush(parseExact(event.data));
  ws.onclose = () => {
    state.wsOpen = false;
    setStreamState('closed');
    setTimeout(connect, state.reconnectDelay);
    state.reconnectDelay = Math.min(state.reconnectDelay * 2, 10000);
  };
}

function wanted() {
  if (!state.exchange) return [];
  const feed = { exchange: state.exchange, symbol: state.symbol };
  return [
    Object.assign({ channel: 'bars', timeframe: state.timeframe }, feed),
    Object.assign({ channel: 'ticks' }, feed),
    Object.assign({ channel: 'quotes' }, feed),
    Object.assign({ channel: 'orders' }, feed),
    { channel: 'positions' },
  ];
}

/** Moves the connection's subscriptions to what the page shows now. */
function subscribe() {
  if (!state.wsOpen) return;
  const next = wanted();
  const key = (s) => JSON.stringify(s);
  const nextKeys = new Set(next.map(key));
  const currentKeys = new Set(state.subscriptions.map(key));
  for (const s of state.subscriptions) {
    if (!nextKeys.has(key(s))) state.ws.send(JSON.stringify(Object.assign({ op: 'unsubscribe' }, s)));
  }
  for (const s of next) {
    if (!currentKeys.has(key(s))) state.ws.send(JSON.stringify(Object.assign({ op: 'subscribe' }, s)));
  }
  state.subscriptions = next;
}

function onPush(m) {
  switch (m.type) {
    case 'bar':
      if (m.exchange === state.exchange && m.symbol === state.symbol && m.timeframe === state.timeframe
          && mergeBar(m.bar)) {
        if (m.revision) noteRevision(m.bar);
        drawChart(false);
      }
      break;
    case 'tick':
      if (m.exchange === state.exchange && m.symbol === state.symbol) {
        addTick(m.tick, true);
        scheduleTicks();
      }
      break;
    case 'quote':
      applyQuote(m.quote);
      break;
    case 'order':
      if (m.order.exchange === state.exchange && m.order.symbol === state.symbol) {
        mergeOrder(m.order);
        renderOrders();
      }
      break;
    case 'position':
      refreshPositionsSoon();
      break;
    case 'error':
      report(new Error('stream: ' + m.error));
      break;
    default:
      break; // subscribed / unsubscribed replies
  }
}

let ticksPending = false;

function scheduleTicks() {
  if (ticksPending) return;
  ticksPending = true;
  setTimeout(() => { ticksPending = false; renderTicks(); }, 0);
}

// ---------- start ----------

function report(e) {
  console.warn('tickstore console:', e.message || e);
}

function every(ms, task) {
  const run = () => task().catch(report).finally(() => setTimeout(run, ms));
  run();
}

async function start() {
  initCharts();
  $('token-button').hidden = !sessionStorage.getItem(TOKEN_KEY);
  $('token-button').addEventListener('click', () => askToken());
  $('exchange').addEventListener('change', (e) => {
    const symbols = state.feeds.get(e.target.value) || [];
    select(e.target.value, symbols[0], state.timeframe);
  });
  $('symbol').addEventListener('change', (e) => select(state.exchange, e.target.value, state.timeframe));
  const wantedFeed = readUrl();
  state.timeframe = wantedFeed.timeframe;
  renderTimeframes();
  connect();
  if (wantedFeed.exchange && wantedFeed.symbol) select(wantedFeed.exchange, wantedFeed.symbol, wantedFeed.timeframe);
  every(1000, refreshStatus);
  every(2000, refreshPositions);
  // Every feed's quote is a large reply on a big store: every 30 s, every 5 s while waiting for a first feed.
  let feedsRead = 0;
  every(5000, async () => {
    if (state.exchange && Date.now() - feedsRead < 30e3) return;
    feedsRead = Date.now();
    await loadFeeds();
    if (!state.exchange) {
      const exchange = wantedFeed.exchange && state.feeds.has(wantedFeed.exchange)
        ? wantedFeed.exchange : state.feeds.keys().next().value;
      const symbol = (state.feeds.get(exchange) || [])[0];
      if (exchange && symbol) select(exchange, symbol, state.timeframe);
    }
  });
  every(2000, refreshQuotes);
}

// For tests and the curious: the bars as the chart holds them (exact text), and the chart itself.
window.tickstoreConsole = { state, chart: () => chart };

start().catch(report);
