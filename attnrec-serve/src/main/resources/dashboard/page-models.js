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
  const metrics = Object.entries(r.metrics || {}).sort(([a], [b]) => a.localeCompare(b));
  const body = [
    h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, String(v))])),
    metrics.length ? table(['metric', 'value'], metrics.map(([k, v]) => [k, fmt.num(v)]), { class: 'compact metrics' })
      : h('p', { class: 'muted' }, 'No saved metrics.'),
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

function compareCard(models) {
  const a = h('select', { id: 'compare-a' }, models.map((m) => h('option', { value: m.name }, m.name)));
  const b = h('select', { id: 'compare-b' }, models.map((m) => h('option', { value: m.name }, m.name)));
  if (models.length > 1) b.selectedIndex = 1;
  const out = h('div', { id: 'compare-out' });
  const run = async () => {
    try {
      const [ra, rb] = await Promise.all([get('/v1/models/' + enc(a.value)), get('/v1/models/' + enc(b.value))]);
      const keys = [...new Set([...Object.keys(ra.metrics || {}), ...Object.keys(rb.metrics || {})])].sort();
      const rows = keys.map((k) => {
        const va = ra.metrics && ra.metrics[k];
        const vb = rb.metrics && rb.metrics[k];
        const better = va === undefined || vb === undefined || va === vb ? 0 : va > vb ? -1 : 1;
        const cell = (v, win) => h('span', { class: win ? 'better' : null }, fmt.num(v));
        const diff = va !== undefined && vb !== undefined ? (vb - va >= 0 ? '+' : '') + fmt.num(vb - va) : '–';
        return [k, cell(va, better === -1), cell(vb, better === 1), diff];
      });
      const facts = (r) => `${r.type || '?'} on ${(r.data && r.data.name) || '?'}, seed ${r.seed ?? '–'}`;
      replace(out, h('p', { class: 'muted' }, a.value + ': ' + facts(ra) + ' · ' + b.value + ': ' + facts(rb)),
        table(['metric', a.value, b.value, 'B − A'], rows, { class: 'compact' }));
    } catch (e) {
      replace(out, errorBox(e));
    }
  };
  a.addEventListener('change', run);
  b.addEventListener('change', run);
  run();
  return card('Compare two models', h('div', { class: 'row' }, h('label', null, 'A ', a), h('label', null, 'B ', b)), out);
}
