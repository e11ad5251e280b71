// User explorer and "act as this user": history, interests, recommendations with their
// heatmap; a click on a recommendation posts a real event and everything refreshes in place.
import { ApiError, enc, get, post, qs } from './api.js';
import { card, colour, errorBox, fmt, h, itemLink, replace, table, userLink } from './dom.js';
import { explanationHeatmap, recList } from './recs.js';

export async function usersPage(view, ctx) {
  view.append(h('h1', null, 'Users'));
  const input = h('input', { type: 'search', id: 'user-search', placeholder: 'user id contains…' });
  const results = h('div', { id: 'user-results' });
  const open = h('input', { type: 'text', id: 'user-open', placeholder: 'any user id, even a new one' });
  let page = 0;
  const load = async () => {
    try {
      const r = await get('/v1/users' + qs({ q: input.value, page, size: 20 }));
      if (!ctx.alive()) return;
      replace(results,
        table(['user', 'training history', 'stored events'], r.users.map((u) => [userLink(u.user), fmt.int(u.history_length), fmt.int(u.stored_events)])),
        pager(r.total, r.page, r.size, (p) => { page = p; load(); }));
    } catch (e) {
      replace(results, errorBox(e));
    }
  };
  let timer = null;
  input.addEventListener('input', () => { clearTimeout(timer); page = 0; timer = setTimeout(load, 200); });
  view.append(card(null,
    h('div', { class: 'row' }, input,
      h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); if (open.value.trim()) location.hash = '#/users/' + enc(open.value.trim()); } },
        open, h('button', { type: 'submit' }, 'open'))),
    results));
  await load();
}

export function pager(total, page, size, go) {
  const pages = Math.max(1, Math.ceil(total / size));
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'small', disabled: page <= 0, onclick: () => go(page - 1) }, '‹ prev'),
    ` page ${page + 1} of ${fmt.int(pages)} (${fmt.int(total)}) `,
    h('button', { type: 'button', class: 'small', disabled: page + 1 >= pages, onclick: () => go(page + 1) }, 'next ›'));
}

export async function userPage(view, user, ctx) {
  const info = h('p', { class: 'muted', id: 'user-info' });
  const timeline = h('div', { id: 'timeline' });
  const recsBox = h('div', { id: 'recs' });
  const heat = h('div', { id: 'heatmap' });
  const interestsBox = h('div', { id: 'interests' });
  const actStatus = h('p', { class: 'muted', id: 'act-status' });
  view.append(h('h1', null, 'User ', h('span', { id: 'user-name' }, user)), info);
  view.append(card('History', h('p', { class: 'muted' }, 'Training history, then events stored through the API (newest last); colour = first category.'), timeline));
  const search = itemAdder((item) => act(item, 'search'));
  view.append(h('div', { class: 'grid two' },
    card('Act as this user',
      h('p', { class: 'muted' }, 'Click a recommendation (or add any item found by search): a real event is posted to /v1/events and the lists below update in place.'),
      search, actStatus,
      h('h3', null, 'Recommendations'), recsBox),
    card('Interests', interestsBox)));
  view.append(card('Which history items drove each recommendation', heat));
  const compareSelect = h('select', { id: 'side-model' });
  const compareBox = h('div', { id: 'side-by-side' });
  const compareRow = h('div', { class: 'row' }, h('label', null, 'compare the served model with ', compareSelect));
  view.append(card('Two models side by side', compareRow, compareBox));
  let lastRecs = null;
  const models = await get('/v1/models').catch(() => null);
  const others = models ? models.models.filter((m) => !m.active) : [];
  if (others.length === 0) {
    compareRow.hidden = true;
    replace(compareBox, h('p', { class: 'muted' }, 'Only one model is registered.'));
  } else {
    for (const m of others) compareSelect.append(h('option', { value: m.name }, m.name));
    compareSelect.addEventListener('change', () => renderSide());
  }

  async function renderSide() {
    if (others.length === 0 || !lastRecs) return;
    const name = compareSelect.value;
    try {
      const other = await get(`/v1/models/${enc(name)}/users/${enc(user)}/recommendations?k=10`);
      if (!ctx.alive()) return;
      const mine = new Set(lastRecs.items.map((x) => x.item));
      const theirs = new Set(other.items.map((x) => x.item));
      const column = (title, items, both) => h('div', null, h('h3', null, title),
        h('ol', { class: 'side' }, items.map((x) => h('li', { class: both.has(x.item) ? 'both' : null },
          itemLink(x.item, x.title), ' ', h('span', { class: 'score' }, fmt.num(x.score, 3))))));
      const overlap = lastRecs.items.filter((x) => theirs.has(x.item)).length;
      replace(compareBox, h('p', { class: 'muted' }, `${overlap} of ${lastRecs.items.length} items in both lists (highlighted).`),
        h('div', { class: 'grid two' }, column(lastRecs.model + ' (served)', lastRecs.items, theirs), column(other.model, other.items, mine)));
    } catch (e) {
      replace(compareBox, errorBox(e));
    }
  }

  let previous = null;
  const titles = new Map();
  let version = 0;

  async function refresh(started) {
    const [recs, interests, events] = await Promise.all([
      get(`/v1/users/${enc(user)}/recommendations?k=10&explain=true`).catch((e) => e),
      get(`/v1/users/${enc(user)}/interests?k=6`).catch((e) => e),
      get(`/v1/users/${enc(user)}/events?limit=200`).catch((e) => e),
    ]);
    if (!ctx.alive()) return;
    if (events instanceof ApiError && events.code === 'unknown_user') {
      info.textContent = 'No history for this user yet: add an item with the search above to start one.';
      replace(timeline); replace(recsBox); replace(heat); replace(interestsBox);
      return;
    }
    for (const r of [recs, interests, events]) if (r instanceof Error) throw r;
    info.textContent = `model ${recs.model} · training history ${fmt.int(events.training_length)} items · `
      + `${fmt.int(events.stored_events)} stored events · recommendations from ${recs.source} scoring`;
    renderTimeline(timeline, events);
    for (const r of recs.items) titles.set(r.item, r.title);
    replace(recsBox, ...recList(recs, previous, (item) => act(item, 'click'), titles));
    replace(heat, explanationHeatmap(recs));
    renderInterests(interestsBox, interests);
    previous = recs.items.map((r) => r.item);
    lastRecs = recs;
    renderSide();
    version++;
    const list = document.getElementById('rec-list');
    list.dataset.version = String(version);
    if (started !== undefined) list.dataset.updateMs = (performance.now() - started).toFixed(1);
  }

  async function act(item, type) {
    const started = performance.now();
    actStatus.textContent = 'sending ' + type + ' on ' + item + '…';
    try {
      const r = await post('/v1/events', { user, item, type });
      await refresh(started);
      actStatus.textContent = `stored ${type} on ${titles.get(item) || item}` + (r.unknown_items && r.unknown_items.length ? ' (item unknown to the model)' : '')
        + ` · updated in ${(performance.now() - started).toFixed(0)} ms`;
    } catch (e) {
      actStatus.textContent = 'not stored: ' + e.message;
    }
  }

  await refresh();
}

function renderTimeline(el, events) {
  const chip = (x, stored) => {
    const c = h('span', { class: 'chip' + (stored ? ' stored' : ''), title: (x.categories || []).join(', ') || 'no category' },
      itemLink(x.item, x.title && x.title.length > 40 ? x.title.slice(0, 39) + '…' : x.title),
      stored ? h('small', null, ' ' + (x.type || 'event') + ' ' + fmt.time(x.timestamp).slice(11)) : null);
    c.style.borderLeftColor = colour(x.categories && x.categories[0]);
    return c;
  };
  const training = events.training;
  const shown = training.slice(-60);
  replace(el,
    shown.length < training.length ? h('span', { class: 'muted' }, `… ${training.length - shown.length} earlier items · `) : null,
    shown.map((x) => chip(x, false)),
    events.events.length ? h('span', { class: 'divider' }, 'stored events →') : null,
    events.events.map((x) => chip(x, true)));
}

function renderInterests(el, r) {
  if (!r.interests.length) {
    replace(el, h('p', { class: 'muted' }, 'No interests.'));
    return;
  }
  const multi = r.interests.length > 1;
  replace(el, h('p', { class: 'muted' }, multi
    ? `${r.interests.length} interests: the history items each one weighs most (attention or routing weight), and what it alone retrieves.`
    : 'This model has one user vector: one interest made of the whole recent history.'),
  h('div', { class: 'interests' }, r.interests.map((i) => h('div', { class: 'interest', 'data-interest': i.index },
    h('h4', null, `Interest ${i.index + 1}`, h('span', { class: 'muted' }, ` · ${fmt.pct(i.weight)} of history`)),
    h('div', { class: 'small muted' }, 'formed by'),
    h('div', null, i.history.slice(0, 8).map((c) => h('span', { class: 'chip small' }, itemLink(c.item, c.title)))),
    h('div', { class: 'small muted' }, 'retrieves'),
    h('ol', { class: 'small' }, i.items.slice(0, 6).map((x) => h('li', null, itemLink(x.item, x.title))))))));
}

/** A search box that lists matching items, each with an "add" button calling `onAdd(item, title)`. */
export function itemAdder(onAdd) {
  const input = h('input', { type: 'search', class: 'item-search', placeholder: 'search items by title, id or category…' });
  const results = h('ul', { class: 'search-results' });
  let timer = null;
  let seq = 0;
  const run = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { replace(results); return; }
    try {
      const r = await get('/v1/items' + qs({ q, size: 8 }));
      if (mine !== seq) return;
      replace(results, r.items.map((x) => h('li', null,
        h('button', { type: 'button', class: 'small add-item', 'data-item': x.item, onclick: () => onAdd(x.item, x.title) }, 'add'), ' ',
        itemLink(x.item, x.title), ' ', h('span', { class: 'muted small' }, (x.categories || []).slice(0, 2).join(', '))),
      ), r.total > r.items.length ? h('li', { class: 'muted small' }, `… ${fmt.int(r.total - r.items.length)} more`) : null);
    } catch (e) {
      replace(results, h('li', null, errorBox(e)));
    }
  };
  // Old hits go at once, so nothing stale can be added while the new search runs.
  input.addEventListener('input', () => { clearTimeout(timer); replace(results); timer = setTimeout(run, 150); });
  return h('div', { class: 'adder' }, input, results);
}
