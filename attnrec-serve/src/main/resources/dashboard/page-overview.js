// Overview: the data set, stored events over time, the active model, request latency.
import { get } from './api.js';
import { barChart } from './charts.js';
import { card, fmt, h, itemLink, table } from './dom.js';

function binLabel(b) {
  if (b.to === undefined || b.to === null) return b.from + '+';
  return b.from === b.to ? String(b.from) : b.from + '–' + b.to;
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label));
}

export async function overviewPage(view, ctx) {
  const s = await get('/v1/stats');
  if (!ctx.alive()) return;
  const d = s.data;
  const a = s.active;
  view.append(h('h1', null, 'Overview'));
  view.append(h('div', { class: 'stats' },
    stat('users', fmt.int(d.users)),
    stat('items', fmt.int(d.items)),
    stat('interactions', fmt.int(d.interactions)),
    stat('stored events', fmt.int(s.events.count)),
    stat('users with events', fmt.int(s.event_users)),
    stat('active model', a.active === a.type ? a.active : a.active + ' (' + a.type + ')')));
  view.append(h('p', { class: 'muted' },
    `data set ${d.name || '(unnamed)'}; `
    + (d.catalog_items ? `catalogue ${fmt.int(d.catalog_items)} items with metadata in ${fmt.int(d.categories)} categories; ` : 'no item metadata (titles, categories); ')
    + `model scoring: ${a.source_kind}`
    + `${a.explainable ? ', explains with its own attention' : ', explains by similarity'}`
    + `${a.embedding ? ', embedding retrieval' : ''}.`));

  const grid = h('div', { class: 'grid' });
  view.append(grid);
  grid.append(card('History length (users per bin)',
    barChart(d.length.histogram.map((b) => ({ label: binLabel(b), value: b.count })), { xLabel: 'interactions per user' }),
    h('p', { class: 'muted' }, `min ${d.length.min}, median ${d.length.median}, mean ${fmt.num(d.length.mean, 1)}, max ${d.length.max}`)));
  const p = d.popularity;
  grid.append(card('Item popularity (items per bin)',
    barChart(p.histogram.map((b) => ({ label: binLabel(b), value: b.count })), { xLabel: 'training interactions per item', colour: '#c0762a' }),
    h('p', { class: 'muted' }, `top 1% of items hold ${fmt.pct(p.top1_percent_share)} of interactions, top 10% hold `
      + `${fmt.pct(p.top10_percent_share)}; Gini ${fmt.num(p.gini, 3)}; ${fmt.int(p.items_never_seen)} items never seen in training`)));
  grid.append(card('Most popular items',
    table(['#', 'item', 'interactions'], p.top.map((t, i) => [String(i + 1), itemLink(t.item, t.title), fmt.int(t.count)]))));
  if (d.top_categories.length) {
    grid.append(card('Largest categories',
      barChart(d.top_categories.map((c) => ({ label: c.name.slice(0, 10), title: c.name, value: c.count })), { colour: '#6a9f48' })));
  }
  const ev = s.events;
  grid.append(card('Stored events over time',
    ev.count === 0 ? h('p', { class: 'muted' }, 'No events stored yet: POST /v1/events, or act as a user.')
      : [barChart(ev.counts.map((c, i) => ({ label: fmt.time(ev.from + i * ev.bucket_seconds).slice(5, 16), value: c })), { xLabel: `events per ${ev.bucket_seconds} s`, colour: '#7a4bc0' }),
        h('p', { class: 'muted' }, `${fmt.int(ev.count)} events from ${fmt.time(ev.first)} to ${fmt.time(ev.last)} (UTC)`)]));
  const srv = s.server;
  const requests = card('Requests since start',
    h('p', { class: 'muted' }, `${fmt.int(srv.requests)} requests in ${fmt.num(srv.uptime_seconds, 0)} s (${fmt.num(srv.requests_per_second, 2)}/s); latency from the server's own histograms`),
    table(['route', 'requests', 'errors', 'p50', 'p95', 'p99', 'max'],
      srv.routes.map((r) => [r.method + ' ' + r.route, fmt.int(r.count), fmt.int(r.errors), fmt.ms(r.p50_ms), fmt.ms(r.p95_ms), fmt.ms(r.p99_ms), fmt.ms(r.max_ms)]),
      { class: 'compact' }));
  requests.classList.add('wide');
  grid.append(requests);
}
