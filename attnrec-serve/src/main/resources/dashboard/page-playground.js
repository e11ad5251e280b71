// Guest playground: an anonymous history built by searching items; recommendations from the
// ad-hoc endpoint (POST /v1/recommendations) after every change. Nothing is stored.
import { post } from './api.js';
import { card, errorBox, h, itemLink, replace } from './dom.js';
import { explanationHeatmap, recList } from './recs.js';
import { itemAdder } from './page-users.js';

export async function playgroundPage(view, ctx) {
  const history = [];
  const titles = new Map();
  const historyBox = h('div', { id: 'guest-history' });
  const recsBox = h('div', { id: 'recs' });
  const heat = h('div', { id: 'heatmap' });
  let previous = null;

  const render = async () => {
    replace(historyBox, history.length === 0 ? h('p', { class: 'muted' }, 'Empty: add items with the search box. With no history the popular items are shown.')
      : history.map((id, i) => h('span', { class: 'chip' }, itemLink(id, titles.get(id)), ' ',
        h('button', { type: 'button', class: 'link remove', title: 'remove', onclick: () => { history.splice(i, 1); render(); } }, '×'))));
    try {
      const r = await post('/v1/recommendations', { history, k: 10, explain: true });
      if (!ctx.alive()) return;
      for (const x of r.items) titles.set(x.item, x.title);
      replace(recsBox, ...recList(r, previous, (item) => add(item), titles));
      replace(heat, explanationHeatmap(r));
      previous = r.items.map((x) => x.item);
    } catch (e) {
      replace(recsBox, errorBox(e));
    }
  };
  const add = (item) => {
    history.push(item);
    render();
  };
  const adder = itemAdder((item, title) => {
    if (title) titles.set(item, title);
    add(item);
  });
  view.append(h('h1', null, 'Guest playground'));
  view.append(h('div', { class: 'grid two' },
    card('Build a history', adder, h('h3', null, 'History (oldest first)'), historyBox,
      h('button', { type: 'button', class: 'secondary small', onclick: () => { history.length = 0; render(); } }, 'clear')),
    card('Recommendations', h('p', { class: 'muted' }, 'From POST /v1/recommendations; "click" adds the item to the history.'), recsBox)));
  view.append(card('Which history items drove each recommendation', heat));
  await render();
}
