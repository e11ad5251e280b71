// DOM helpers. Data is only ever written as text nodes or attributes, never as HTML, so an item
// titled "<img src=x onerror=alert(1)>" shows those characters.

export function h(tag, props, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style') Object.assign(el.style, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

export const fmt = {
  int: (n) => n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'),
  num: (n, d = 4) => n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(d),
  pct: (n) => n === null || n === undefined ? '–' : (100 * n).toFixed(1) + '%',
  ms: (n) => n === null || n === undefined ? '–' : (n < 10 ? n.toFixed(2) : n.toFixed(0)) + ' ms',
  time: (s) => s === null || s === undefined ? '–' : new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19),
};

/** A stable colour for a category name. */
export function colour(name) {
  if (!name) return 'hsl(0, 0%, 75%)';
  let x = 0;
  for (let i = 0; i < name.length; i++) x = (x * 31 + name.charCodeAt(i)) >>> 0;
  return `hsl(${x % 360}, 55%, 70%)`;
}

/** A link to an item's page showing its title (or id). */
export function itemLink(item, title) {
  return h('a', { href: '#/items/' + encodeURIComponent(item), class: 'item-link', title: item },
    title || item);
}

export function userLink(user) {
  return h('a', { href: '#/users/' + encodeURIComponent(user) }, user);
}

export function card(title, ...body) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, ...body);
}

export function errorBox(e) {
  return h('div', { class: 'error' }, (e && e.message) || String(e));
}

/** A table; each row is an array of cells (text or nodes), or {attrs, cells}. */
export function table(headers, rows, attrs) {
  const body = rows.map((r) => {
    const cells = Array.isArray(r) ? r : r.cells;
    return h('tr', Array.isArray(r) ? null : r.attrs, cells.map((c) => h('td', null, c)));
  });
  return h('table', attrs || null, h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
    h('tbody', null, body));
}
