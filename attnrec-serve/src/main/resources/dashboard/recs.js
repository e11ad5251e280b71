// Shared by the user explorer and the guest playground: the recommendation list with change
// marks, and the heatmap of which history items drove each recommendation.
import { heatmap } from './charts.js';
import { fmt, h, itemLink } from './dom.js';

const short = (s, n = 28) => (s && s.length > n ? s.slice(0, n - 1) + '…' : s);

/**
 * The list; `previous` (ids in their old order, or null) marks new and moved items and lists
 * dropped ones. `onClick(item)` makes each row clickable as "act as this user".
 */
export function recList(recs, previous, onClick, titles) {
  const ids = recs.items.map((r) => r.item);
  const list = h('ol', { class: 'recs', id: 'rec-list' });
  recs.items.forEach((r, i) => {
    let mark = null;
    if (previous) {
      const before = previous.indexOf(r.item);
      if (before < 0) mark = h('span', { class: 'mark new' }, 'new');
      else if (before > i) mark = h('span', { class: 'mark up', title: 'was #' + (before + 1) }, '▲' + (before - i));
      else if (before < i) mark = h('span', { class: 'mark down', title: 'was #' + (before + 1) }, '▼' + (i - before));
    }
    const interest = r.explanation && r.explanation.interest !== undefined
      ? h('span', { class: 'interest-tag', title: 'from interest ' + (r.explanation.interest + 1) }, 'I' + (r.explanation.interest + 1)) : null;
    list.append(h('li', { 'data-item': r.item, class: mark ? 'changed' : null },
      onClick ? h('button', { type: 'button', class: 'small act-click', title: 'send a click on this item as the user', onclick: () => onClick(r.item) }, 'click') : null,
      ' ', itemLink(r.item, r.title), ' ', interest, ' ', h('span', { class: 'score' }, fmt.num(r.score, 3)), ' ', mark));
  });
  const out = [list];
  if (previous) {
    const dropped = previous.filter((id) => !ids.includes(id));
    if (dropped.length) {
      out.push(h('p', { class: 'dropped', id: 'dropped' }, 'dropped: ',
        dropped.map((id, i) => [i ? ', ' : '', h('span', { class: 'mark dropped-item' }, short((titles && titles.get(id)) || id, 40))])));
    }
  }
  return out;
}

/** Rows = recommendations, columns = the history positions any explanation names. */
export function explanationHeatmap(recs) {
  const cols = new Map();
  for (const r of recs.items) {
    for (const c of (r.explanation && r.explanation.history) || []) {
      if (!cols.has(c.position)) cols.set(c.position, c);
    }
  }
  if (cols.size === 0) {
    return h('p', { class: 'muted' }, 'No explanation weights for these recommendations (empty history, or the model gave none).');
  }
  const positions = [...cols.keys()].sort((a, b) => a - b).slice(-30);
  const weight = (r, p) => {
    const c = ((r.explanation && r.explanation.history) || []).find((x) => x.position === p);
    return c ? Math.max(0, c.weight) : null;
  };
  return h('div', null,
    heatmap(recs.items, positions, weight, {
      rowLabel: (r) => itemLink(r.item, short(r.title || r.item)),
      colLabel: (p) => itemLink(cols.get(p).item, '#' + p + ' ' + short(cols.get(p).title || cols.get(p).item, 22)),
    }),
    h('p', { class: 'muted' }, `Weights from ${recs.explanation_method === 'model' ? 'the model\'s attention'
      : 'item similarity (' + recs.explanation_method + ')'}; each row scaled to its own maximum (●), columns are history positions.`));
}
