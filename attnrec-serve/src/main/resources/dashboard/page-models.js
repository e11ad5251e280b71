// Models: the registry with saved metrics, one model's report and training curve, two models
// compared, activation (a write: the server may ask for a key).
import { enc, get, post } from './api.js';
import { lineChart } from './charts.js';
import { card, errorBox, fmt, h, replace, table } from './dom.js';
import { refreshHeader } from './app.js';

/** The metrics shown first when a model has many (the rest are in its report). */
const MAIN = ['ndcg@10', 'hr@10', 'recall@20', 'recall@50', 'hitrate@50', 'mrr@10', 'ndcg@20'];

function mainMetrics(models) {
  const keys = new Set(models.flatMap((m) => Object.keys(m.metrics || {})));
  const chosen = MAIN.filter((k) => keys.has(k));
  return chosen.length ? chosen : [...keys].sort().slice(0, 6);
}

export async function modelsPage(view, ctx) {
  const list = await get('/v1/models');
  if (!ctx.alive()) return;
  view.append(h('h1', null, 'Models'));
  const cols = mainMetrics(list.models);
  const detail = h('div', { id: 'model-detail' });
  const status = h('p', { class: 'muted', id: 'activate-status' });
  const rows = list.models.map((m) => ({
    attrs: { class: m.active ? 'active-row' : null, 'data-model': m.name },
    cells: [
      h('a', { href: '#/models', class: 'model-name', onclick: (e) => { e.preventDefault(); showDetail(detail, m.name); } }, m.name),
      m.type || '?', m.data || '–',
      ...cols.map((k) => fmt.num(m.metrics && m.metrics[k])),
      m.active ? h('strong', null, 'active')
        : h('button', { type: 'button', class: 'small activate', onclick: () => activate(m.name, status, view, ctx) }, 'activate'),
    ],
  }));
  view.append(card('Registry', h('p', { class: 'muted' }, 'Validation metrics saved with each model (full ranking). Click a name for its report.'),
    table(['model', 'type', 'data', ...cols, ''], rows, { id: 'models-table' }), status));
  view.append(detail);
  view.append(compareCard(list.models));
  const active = list.models.find((m) => m.active) || list.models[0];
  if (active) await showDetail(detail, active.name);
}

async function activate(name, status, view, ctx) {
  status.textContent = 'activating ' + name + '…';
  try {
    const r = await post('/v1/models/' + enc(name) + '/activate');
    status.textContent = `now serving ${r.active} (was ${r.previous || 'none'})`;
    refreshHeader();
    const fresh = h('div');
    await modelsPage(fresh, ctx);
    if (ctx.alive()) replace(view, ...fresh.childNodes);
  } catch (e) {
    status.textContent = 'not activated: ' + e.message;
  }
}

async function showDetail(detail, name) {
  let r;
  try {
    r = await get('/v1/models/' + enc(name));
  } catch (e) {
    replace(detail, errorBox(e));
    return;
  }
  const data = r.data || {};
  const facts = [
    ['type', r.type], ['data', data.name], ['users × items', data.users ? fmt.int(data.users) + ' × ' + fmt.int(data.items) : null],
    ['protocol', r.protocol || (r.options && r.options.protocol)], ['seed', r.seed], ['attnrec version', r.version],
    ['training time', r.train_seconds !== undefined ? fmt.num(r.train_seconds, 1) + ' s' : null],
    ['options', r.options && Object.keys(r.options).length ? Object.entries(r.options).map(([k, v]) => k + '=' + v).join(', ') : null],
  ].filter(([, v]) => v !== undefined && v !== null && v !== '');
  const body = [
    h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, String(v))])),
    Object.keys(r.metrics || {}).length ? metricMatrix(r.metrics) : h('p', { class: 'muted' }, 'No saved metrics.'),
  ];
  const c = r.curve;
  if (c && Array.isArray(c.epochs) && c.epochs.length) {
    const loss = c.epochs.filter((e) => e.loss !== undefined && e.loss !== null).map((e) => [e.epoch, e.loss]);
    const val = c.epochs.filter((e) => e['val_ndcg@10'] !== undefined && e['val_ndcg@10'] !== null).map((e) => [e.epoch, e['val_ndcg@10']]);
    body.push(h('h3', null, 'Training curve'),
      lineChart([{ name: 'train loss', points: loss, colour: '#2456a6' },
        { name: 'validation NDCG@10', points: val, colour: '#d64522', right: true }],
      { xLabel: 'epoch', leftLabel: 'loss', rightLabel: 'NDCG@10' }),
      h('p', { class: 'muted' }, `best epoch ${c.best_epoch ?? '–'}${c.stopped_early ? ', stopped early' : ''}`));
  } else {
    body.push(h('p', { class: 'muted', id: 'no-curve' }, 'No training curve saved with this model (sequence models write one with the option output_dir=DIR).'));
  }
  replace(detail, card('Model ' + name, ...body));
}

/** Metrics as a matrix: one row per metric, one column per cut-off K ("ndcg@10" → ndcg, 10). */
function metricMatrix(metrics) {
  const rows = new Map();
  const ks = new Set();
  for (const [name, v] of Object.entries(metrics)) {
    const [base, k] = name.includes('@') ? name.split('@') : [name, ''];
    if (!rows.has(base)) rows.set(base, {});
    rows.get(base)[k] = v;
    ks.add(k);
  }
  const cols = [...ks].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : Number(a) - Number(b)));
  const order = [...rows.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return table(['metric', ...cols.map((k) => (k ? '@' + k : 'value'))],
    order.map((base) => [base, ...cols.map((k) => fmt.num(rows.get(base)[k]))]), { class: 'compact metrics' });
}

/** Accuracy metrics first, where higher is better; the rest (popularity, exposure) after. */
const ACCURACY = ['ndcg', 'hr', 'recall', 'hitrate', 'mrr', 'map', 'precision', 'f1', 'auc', 'gauc'];
function rank(base) {
  const i = ACCURACY.indexOf(base);
  return i < 0 ? 100 : i;
}

function compareCard(models) {
  if (models.length < 2) {
    return card('Compare two models', h('p', { class: 'muted' }, 'Only one model is registered; put more artifacts in the models folder to compare them.'));
  }
  const a = h('select', { id: 'compare-a' }, models.map((m) => h('option', { value: m.name }, m.name)));
  const b = h('select', { id: 'compare-b' }, models.map((m) => h('option', { value: m.name }, m.name)));
  if (models.length > 1) b.selectedIndex = 1;
  const out = h('div', { id: 'compare-out' });
  const run = async () => {
    try {
      const [ra, rb] = await Promise.all([get('/v1/models/' + enc(a.value)), get('/v1/models/' + enc(b.value))]);
      const keys = [...new Set([...Object.keys(ra.metrics || {}), ...Object.keys(rb.metrics || {})])]
        .sort((x, y) => rank(x.split('@')[0]) - rank(y.split('@')[0]) || x.localeCompare(y, 'en', { numeric: true }));
      const main = keys.filter((k) => rank(k.split('@')[0]) < 100);
      const row = (k) => {
        const va = ra.metrics && ra.metrics[k];
        const vb = rb.metrics && rb.metrics[k];
        const higherIsBetter = ACCURACY.includes(k.split('@')[0]);
        const better = !higherIsBetter || va === undefined || vb === undefined || va === vb ? 0 : va > vb ? -1 : 1;
        const cell = (v, win) => h('span', { class: win ? 'better' : null }, fmt.num(v));
        const diff = va !== undefined && vb !== undefined ? (vb - va >= 0 ? '+' : '') + fmt.num(vb - va) : '–';
        return [k, cell(va, better === -1), cell(vb, better === 1), diff];
      };
      const rest = keys.filter((k) => !main.includes(k));
      const facts = (r) => `${r.type || '?'} on ${(r.data && r.data.name) || '?'}, seed ${r.seed ?? '–'}`;
      replace(out, h('p', { class: 'muted' }, a.value + ': ' + facts(ra) + ' · ' + b.value + ': ' + facts(rb)),
        table(['metric', a.value, b.value, 'B − A'], main.map(row), { class: 'compact' }),
        rest.length ? h('details', null, h('summary', null, `popularity and exposure metrics (${rest.length})`),
          table(['metric', a.value, b.value, 'B − A'], rest.map(row), { class: 'compact' })) : null);
    } catch (e) {
      replace(out, errorBox(e));
    }
  };
  a.addEventListener('change', run);
  b.addEventListener('change', run);
  run();
  return card('Compare two models', h('p', { class: 'muted' }, 'Saved validation metrics; the better of two accuracy figures in bold.'),
    h('div', { class: 'row' }, h('label', null, 'A ', a), h('label', null, 'B ', b)), out);
}
