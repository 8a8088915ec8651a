// Catalog: browse and filter the items, sort the table, and for one item see its fields and which
// rules can fire for it (judged by the item alone: the contact decides the rest). Filters, order
// and the chosen item live in the URL.
import { label, language, t } from '../i18n.js';
import { ApiError, get } from '../api.js';
import { field, h, replace, sortableTable } from '../dom.js';

export const texts = {
  en: {
    'catalog.title': 'Catalog',
    'catalog.intro': 'Every content item the rules can recommend. Choose several values in a filter to see items with any of them; different filters must all hold. Click an item to see its fields and the rules that can fire for it.',
    'catalog.format': 'Format', 'catalog.phase': 'Phase', 'catalog.role': 'Role', 'catalog.concern': 'Concern', 'catalog.language': 'Language',
    'catalog.search': 'Search in title and id', 'catalog.reset': 'Clear filters', 'catalog.multiHint': 'Ctrl or Shift for several values.',
    'catalog.count': '{count} of {total} items', 'catalog.version': 'catalog version {version}',
    'catalog.col.id': 'Id', 'catalog.col.title': 'Title', 'catalog.col.format': 'Format', 'catalog.col.language': 'Lang.',
    'catalog.col.phases': 'Phases', 'catalog.col.roles': 'Roles', 'catalog.col.concerns': 'Concerns', 'catalog.col.published': 'Published',
    'catalog.pick': 'Choose an item in the table to see its fields and the rules that can fire for it.',
    'catalog.item': 'Item', 'catalog.field.summary': 'Summary', 'catalog.field.url': 'Address', 'catalog.field.topics': 'Topics',
    'catalog.field.expires': 'Expires', 'catalog.field.eventDate': 'Date of the event', 'catalog.field.gated': 'Behind a form',
    'catalog.field.duration': 'Duration', 'catalog.minutes': '{n} min.',
    'catalog.canFire': 'Rules that can fire for this item ({count})',
    'catalog.canFireHint': 'Nothing about the item stops these rules; whether they fire depends on the contact, except where it says “every contact”.',
    'catalog.cannotFire': 'Rules that cannot fire for this item ({count})',
    'catalog.col.rule': 'Rule', 'catalog.col.effect': 'Effect', 'catalog.col.who': 'For whom', 'catalog.col.where': 'File and line',
    'catalog.col.because': 'Why not',
    'catalog.effect.recommend': 'adds points', 'catalog.effect.exclude': 'drops the item', 'catalog.effect.fallback': 'only as a fallback',
    'catalog.everyContact': 'every contact', 'catalog.someContacts': 'depends on the contact', 'catalog.close': 'Close',
  },
  de: {
    'catalog.title': 'Katalog',
    'catalog.intro': 'Alle Inhalte, die die Regeln empfehlen können. Mehrere Werte in einem Filter zeigen Inhalte mit einem davon; verschiedene Filter müssen alle zutreffen. Ein Klick auf einen Inhalt zeigt seine Felder und die Regeln, die für ihn feuern können.',
    'catalog.format': 'Format', 'catalog.phase': 'Phase', 'catalog.role': 'Rolle', 'catalog.concern': 'Anliegen', 'catalog.language': 'Sprache',
    'catalog.search': 'Suche in Titel und ID', 'catalog.reset': 'Filter zurücksetzen', 'catalog.multiHint': 'Mehrere Werte mit Strg oder Umschalt.',
    'catalog.count': '{count} von {total} Inhalten', 'catalog.version': 'Katalogversion {version}',
    'catalog.col.id': 'ID', 'catalog.col.title': 'Titel', 'catalog.col.format': 'Format', 'catalog.col.language': 'Spr.',
    'catalog.col.phases': 'Phasen', 'catalog.col.roles': 'Rollen', 'catalog.col.concerns': 'Anliegen', 'catalog.col.published': 'Erschienen',
    'catalog.pick': 'Wählen Sie einen Inhalt in der Tabelle, um seine Felder und die Regeln zu sehen, die für ihn feuern können.',
    'catalog.item': 'Inhalt', 'catalog.field.summary': 'Zusammenfassung', 'catalog.field.url': 'Adresse', 'catalog.field.topics': 'Themen',
    'catalog.field.expires': 'Läuft ab', 'catalog.field.eventDate': 'Termin', 'catalog.field.gated': 'Hinter einem Formular',
    'catalog.field.duration': 'Dauer', 'catalog.minutes': '{n} Min.',
    'catalog.canFire': 'Regeln, die für diesen Inhalt feuern können ({count})',
    'catalog.canFireHint': 'Am Inhalt scheitern diese Regeln nicht; ob sie feuern, entscheidet der Kontakt, außer wo „jeder Kontakt“ steht.',
    'catalog.cannotFire': 'Regeln, die für diesen Inhalt nicht feuern können ({count})',
    'catalog.col.rule': 'Regel', 'catalog.col.effect': 'Wirkung', 'catalog.col.who': 'Für wen', 'catalog.col.where': 'Datei und Zeile',
    'catalog.col.because': 'Warum nicht',
    'catalog.effect.recommend': 'gibt Punkte', 'catalog.effect.exclude': 'schließt den Inhalt aus', 'catalog.effect.fallback': 'nur als Ersatz',
    'catalog.everyContact': 'jeder Kontakt', 'catalog.someContacts': 'hängt vom Kontakt ab', 'catalog.close': 'Schließen',
  },
};

const FILTERS = [
  { param: 'format', kind: 'formats' }, { param: 'phase', kind: 'phases' }, { param: 'role', kind: 'roles' },
  { param: 'concern', kind: 'concerns' }, { param: 'language', kind: 'languages' },
];

let taxonomy = null;

export async function render({ main, params, setParams, redraw }) {
  taxonomy ??= await get('/api/v1/taxonomy');
  const chosen = {};
  for (const f of FILTERS) {
    const known = new Set(taxonomy[f.kind].map(e => e.id));
    chosen[f.param] = (params.get(f.param) || '').split(',').map(v => v.trim()).filter(v => known.has(v));
  }
  const query = new URLSearchParams();
  for (const f of FILTERS) if (chosen[f.param].length) query.set(f.param, chosen[f.param].join(','));
  const [page, all] = await Promise.all([get('/api/v1/catalog' + (query.toString() ? '?' + query : '')),
    query.toString() ? get('/api/v1/health') : null]);
  const total = all ? all.items : page.count;
  const search = (params.get('q') || '').trim();
  const needle = search.toLowerCase();
  const items = needle ? page.items.filter(i => i.id.toLowerCase().includes(needle) || i.title.toLowerCase().includes(needle)) : page.items;

  const filterChanged = () => {
    const values = {};
    for (const f of FILTERS) values[f.param] = chosen[f.param].join(',');
    setParams(values);
    redraw();
  };
  const filters = FILTERS.map(f => field(`cat-${f.param}`, t('catalog.' + f.param),
    h('select', { multiple: true, size: 5, onchange: e => { chosen[f.param] = [...e.target.selectedOptions].map(o => o.value); filterChanged(); } },
      taxonomy[f.kind].map(e => h('option', { value: e.id, selected: chosen[f.param].includes(e.id) }, f.param === 'phase' ? `${e.number} ${label(e)}` : label(e))))));
  const searchBox = h('input', { type: 'search', value: search, autocomplete: 'off', onchange: e => { setParams({ q: e.target.value.trim() }); redraw(); } });
  const detail = h('section', { class: 'item-detail', 'aria-live': 'polite' });

  const names = kind => ids => ids.map(id => label(taxonomy[kind].find(e => e.id === id)) || id).join(', ');
  const columns = [
    { key: 'id', label: t('catalog.col.id'), value: i => i.id,
      render: i => h('button', { type: 'button', class: 'link', dataset: { id: i.id }, onclick: () => choose(i.id) }, i.id) },
    { key: 'title', label: t('catalog.col.title'), value: i => i.title },
    { key: 'format', label: t('catalog.col.format'), value: i => names('formats')([i.format]) },
    { key: 'language', label: t('catalog.col.language'), value: i => i.language },
    { key: 'phases', label: t('catalog.col.phases'), value: i => phaseOrder(i.phases), render: i => names('phases')(i.phases) },
    { key: 'roles', label: t('catalog.col.roles'), value: i => names('roles')(i.roles) },
    { key: 'concerns', label: t('catalog.col.concerns'), value: i => names('concerns')(i.concerns) },
    { key: 'published', label: t('catalog.col.published'), value: i => i.published ?? null },
  ];
  const sortKey = columns.some(c => c.key === params.get('sort')) ? params.get('sort') : null;
  const table = sortableTable(columns, items, {
    caption: t('catalog.count', { count: items.length, total }),
    initial: sortKey ? { key: sortKey, ascending: params.get('dir') !== 'desc' } : null,
    onSort: (key, ascending) => setParams({ sort: key, dir: ascending ? null : 'desc' }),
  });

  const choose = async id => {
    setParams({ item: id });
    await showItem(detail, id, () => setParams({ item: null }));
  };

  replace(main,
    h('h1', {}, t('catalog.title')),
    h('p', { class: 'hint' }, t('catalog.intro')),
    h('form', { class: 'row filters', onsubmit: e => e.preventDefault() }, filters,
      field('cat-q', t('catalog.search'), searchBox),
      h('button', { type: 'button', class: 'secondary', onclick: () => {
        setParams(Object.fromEntries([...FILTERS.map(f => [f.param, null]), ['q', null]])); redraw();
      } }, t('catalog.reset'))),
    h('p', { class: 'hint' }, t('catalog.multiHint'), ' ', t('catalog.version', { version: page.catalogVersion })),
    h('div', { class: 'catalog-layout' }, table, detail));

  if (params.get('item')) await showItem(detail, params.get('item'), () => setParams({ item: null }));
  else replace(detail, h('p', { class: 'muted' }, t('catalog.pick')));
}

function phaseOrder(ids) {
  return Math.min(...ids.map(id => taxonomy.phases.find(p => p.id === id)?.number ?? 99));
}

async function showItem(detail, id, closed) {
  replace(detail, h('p', { class: 'loading' }, t('loading')));
  let item;
  try {
    item = await get(`/api/v1/catalog/${encodeURIComponent(id)}?rules=true`);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    replace(detail, h('div', { class: 'error' }, e.message));
    return;
  }
  const term = kind => ids => ids.map(x => h('span', { class: 'tag' }, label(taxonomy[kind].find(e => e.id === x)) || x));
  const row = (name, value) => (value === undefined || value === null || (Array.isArray(value) && !value.length) ? null
    : [h('dt', {}, name), h('dd', {}, value)]);
  const can = item.rules.filter(r => r.canFire);
  const cannot = item.rules.filter(r => !r.canFire);
  const where = r => h('code', {}, `${r.file}:${r.conditionLine ?? r.line}`);
  const effect = r => `${t('catalog.effect.' + r.effect)}${r.points !== undefined && r.effect === 'recommend' ? ` (+${r.points})` : ''}`;
  const heading = h('h2', { tabindex: '-1' }, item.title);
  replace(detail, h('div', { class: 'card' },
    h('div', { class: 'persona-head' }, heading,
      h('button', { type: 'button', class: 'secondary', onclick: () => { replace(detail, h('p', { class: 'muted' }, t('catalog.pick'))); closed(); } }, t('catalog.close'))),
    h('dl', { class: 'fields' },
      row(t('catalog.col.id'), h('code', {}, item.id)),
      row(t('catalog.field.summary'), item.summary),
      row(t('catalog.field.url'), h('a', { href: item.url, rel: 'noopener noreferrer' }, item.url)),
      row(t('catalog.col.format'), term('formats')([item.format])),
      row(t('catalog.col.language'), term('languages')([item.language])),
      row(t('catalog.col.phases'), term('phases')(item.phases)),
      row(t('catalog.col.roles'), term('roles')(item.roles)),
      row(t('catalog.col.concerns'), term('concerns')(item.concerns)),
      row(t('catalog.field.topics'), term('topics')(item.topics)),
      row(t('catalog.col.published'), item.published),
      row(t('catalog.field.expires'), item.expires),
      row(t('catalog.field.eventDate'), item.eventDate),
      row(t('catalog.field.gated'), t(item.gated ? 'yes' : 'no')),
      row(t('catalog.field.duration'), item.durationMinutes ? t('catalog.minutes', { n: item.durationMinutes }) : null)),
    h('h3', {}, t('catalog.canFire', { count: can.length })),
    h('p', { class: 'hint' }, t('catalog.canFireHint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data can-fire' },
      h('thead', {}, h('tr', {}, [t('catalog.col.rule'), t('catalog.col.effect'), t('catalog.col.who'), t('catalog.col.where')].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, can.map(r => h('tr', {}, h('td', {}, h('span', { class: 'ok' }, r.rule)), h('td', {}, effect(r)),
        h('td', {}, t(r.everyContact ? 'catalog.everyContact' : 'catalog.someContacts')), h('td', {}, where(r))))))),
    h('h3', {}, t('catalog.cannotFire', { count: cannot.length })),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data cannot-fire' },
      h('thead', {}, h('tr', {}, [t('catalog.col.rule'), t('catalog.col.effect'), t('catalog.col.because'), t('catalog.col.where')].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, cannot.map(r => h('tr', {}, h('td', {}, h('span', { class: 'bad' }, r.rule)), h('td', {}, effect(r)),
        h('td', {}, r.because[language()] ?? r.because.en, r.condition ? h('div', {}, h('code', {}, r.condition)) : null), h('td', {}, where(r)))))))));
  heading.focus();
}
