// The dashboard's entry point: a hash router over the pages, the header, and the key button.
import { askKey, get, getKey, setKey } from './api.js';
import { errorBox, replace } from './dom.js';
import { overviewPage } from './page-overview.js';
import { modelsPage } from './page-models.js';
import { usersPage, userPage } from './page-users.js';
import { playgroundPage } from './page-playground.js';
import { itemsPage, itemPage } from './page-items.js';

const routes = [
  [/^\/?$/, 'overview', overviewPage],
  [/^\/models$/, 'models', modelsPage],
  [/^\/users$/, 'users', usersPage],
  [/^\/users\/(.+)$/, 'users', userPage],
  [/^\/playground$/, 'playground', playgroundPage],
  [/^\/items$/, 'items', itemsPage],
  [/^\/items\/(.+)$/, 'items', itemPage],
];

let generation = 0;

/** Shared by the pages: whether the page that started some work is still the one shown. */
export function currentGeneration() {
  return generation;
}

export async function refreshHeader() {
  const el = document.getElementById('active-model');
  try {
    const m = await get('/v1/models');
    el.textContent = m.active ? 'serving ' + m.active : 'no active model';
  } catch (e) {
    el.textContent = '';
  }
}

async function render() {
  const gen = ++generation;
  const view = document.getElementById('view');
  const hash = decodeURIComponent(location.hash.replace(/^#/, '').split('?')[0]);
  const path = location.hash.replace(/^#/, '').split('?')[0];
  let matched = null;
  for (const [re, name, page] of routes) {
    const m = path.match(re);
    if (m) {
      matched = { name, page, args: m.slice(1).map(decodeURIComponent) };
      break;
    }
  }
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('current', matched !== null && a.dataset.page === matched.name);
  }
  if (!matched) {
    replace(view, errorBox(new Error('no page at #' + hash)));
    return;
  }
  replace(view);
  view.dataset.page = matched.name;
  view.dataset.ready = 'false';
  try {
    await matched.page(view, ...matched.args, { alive: () => gen === generation });
  } catch (e) {
    if (gen === generation) view.append(errorBox(e));
  }
  if (gen === generation) view.dataset.ready = 'true';
}

function init() {
  document.getElementById('key-button').addEventListener('click', async () => {
    try {
      await askKey(getKey() ? 'Replace the API key kept for this tab.' : 'Enter an API key for this server.');
      render();
    } catch (e) {
      // cancelled
    }
  });
  document.getElementById('key-forget').addEventListener('click', () => {
    setKey(null);
    document.getElementById('key-cancel').click();
  });
  window.addEventListener('hashchange', render);
  render().then(refreshHeader);
}

init();
