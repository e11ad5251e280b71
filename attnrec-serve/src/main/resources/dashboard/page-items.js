// Item search (server-side, paged) and an item's page: metadata, similar items, popularity over
// time from the event store, and which users it is recommended to most.
import { ApiError, enc, get, qs } from './api.js';
import { barChart } from './charts.js';
import { card, errorBox, fmt, h, itemLink, replace, table, userLink } from './dom.js';
import { pager } from './page-users.js';

export async function itemsPage(view, ctx) {
  view.append(h('h1', null, 'Items'));
  const input = h('input', { type: 'search', id: 'item-search', placeholder: 'title, id or category contains…' });
  const results = h('div', { id: 'item-results' });
  let page = 0;
  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    try {
      const r = await get('/v1/items' + qs({ q: input.value, page, size: 25 }));
      if (!ctx.alive() || mine !== seq) return;
      replace(results,
        table(['item', 'id', 'categories', 'training interactions'],
          r.items.map((x) => [itemLink(x.item, x.title), x.item, (x.categories || []).join(', '), x.known_to_model ? fmt.int(x.popularity) : 'not in model'])),
        pager(r.total, r.page, r.size, (p) => { page = p; load(); }));
    } catch (e) {
      replace(results, errorBox(e));
    }
  };
  let timer = null;
  input.addEventListener('input', () => { clearTimeout(timer); page = 0; timer = setTimeout(load, 200); });
  view.append(card(null, input, results));
  await load();
}

export async function itemPage(view, item, ctx) {
  const d = await get('/v1/items/' + enc(item));
  if (!ctx.alive()) return;
  view.append(h('h1', { id: 'item-title' }, d.title || d.item));
  const facts = [
    ['id', d.item],
    ['categories', (d.categories || []).join(', ') || '–'],
    ['known to model', d.known_to_model ? 'yes (' + d.model + ')' : 'no'],
    ['training interactions', d.known_to_model ? fmt.int(d.popularity) + ` (rank ${fmt.int(d.popularity_rank)} of ${fmt.int(d.catalog_size)})` : '–'],
    ...Object.entries(d.attributes || {}).map(([k, v]) => [k, v]),
  ];
  view.append(card(null, h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]))));
  const grid = h('div', { class: 'grid two' });
  view.append(grid);
  const similar = h('div', { id: 'similar' });
  const audience = h('div', { id: 'audience' });
  const ev = d.events;
  grid.append(card('Similar items', similar));
  grid.append(card('Popularity over time (stored events)', ev.count === 0
    ? h('p', { class: 'muted' }, 'No stored events for this item.')
    : [barChart(ev.counts.map((c, i) => ({ label: fmt.time(ev.from + i * ev.bucket_seconds).slice(5, 16), value: c })), { xLabel: `events per ${ev.bucket_seconds} s`, colour: '#7a4bc0' }),
      h('p', { class: 'muted' }, `${fmt.int(ev.count)} events, ${fmt.time(ev.first)} – ${fmt.time(ev.last)} UTC`)]));
  grid.append(card('Recommended most to', audience));
  const jobs = [];
  jobs.push(get(`/v1/items/${enc(item)}/similar?k=10`).then((s) => {
    replace(similar, h('p', { class: 'muted' }, 'by ' + s.method),
      h('ol', null, s.items.map((x) => h('li', null, itemLink(x.item, x.title), ' ', h('span', { class: 'score' }, fmt.num(x.score, 3))))));
  }).catch((e) => replace(similar, e instanceof ApiError && e.status === 404 ? h('p', { class: 'muted' }, e.message) : errorBox(e))));
  if (d.known_to_model) {
    jobs.push(get(`/v1/items/${enc(item)}/audience?k=20&sample=200`).then((a) => {
      replace(audience, h('p', { class: 'muted' }, `${fmt.int(a.users)} of ${fmt.int(a.sampled)} sampled users have it in their top ${a.k} (best rank first).`),
        a.top.length ? table(['user', 'rank', 'score'], a.top.map((u) => [userLink(u.user), String(u.rank), fmt.num(u.score, 3)]), { class: 'compact' }) : null);
    }).catch((e) => replace(audience, errorBox(e))));
  } else {
    replace(audience, h('p', { class: 'muted' }, 'The model does not know this item.'));
  }
  await Promise.all(jobs);
}
