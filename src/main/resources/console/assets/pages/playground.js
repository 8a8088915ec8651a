// Playground: type a persona, or two to four side by side (a buying center), and see what the
// rules recommend, why, what they drop and what just misses the cut. A click on an item asks the
// service why it is, or is not, recommended for that persona. The whole view lives in the URL.
import { label, language, t } from '../i18n.js';
import { ApiError, get, post } from '../api.js';
import { field, h, replace, select } from '../dom.js';

export const texts = {
  en: {
    'playground.title': 'Playground',
    'playground.intro': 'Describe a contact and see what the live rules recommend, with every reason. Put up to four personas side by side to see a whole buying center at once. The address of this page keeps the whole view: copy it to share it.',
    'playground.limit': 'Results per persona', 'playground.add': 'Add persona', 'playground.remove': 'Remove persona {n}',
    'playground.buyingCenter': 'Buying center', 'playground.buyingCenterHint': 'Managing director, head of sales, IT and finance, all in the phase of persona 1.',
    'playground.persona': 'Persona {n}', 'playground.role': 'Role', 'playground.phase': 'Journey phase', 'playground.language': 'Content language',
    'playground.concerns': 'Concerns (Ctrl or Shift for several)', 'playground.concernsHint': 'Ctrl or Shift for several.', 'playground.consumed': 'Already consumed (item ids, with commas)',
    'playground.lifecycle': 'Lifecycle status', 'playground.lifecycleNone': '(not known)', 'playground.customer': 'Already a customer',
    'playground.top': 'Top {n}', 'playground.noResults': 'No item is left for this persona.', 'playground.why': 'Why?',
    'playground.belowCut': 'Just below the cut ({count})', 'playground.excluded': 'Dropped by a rule ({count})', 'playground.noneExcluded': 'No item is dropped for this persona.',
    'playground.versions': 'Rules {rules}, catalog {catalog}', 'playground.explainFor': 'Why or why not: “{title}” for persona {n}',
    'playground.outcome.recommended': 'recommended', 'playground.outcome.excluded': 'dropped', 'playground.outcome.outscored': 'not in the top',
    'playground.reasons': 'Rules that gave points', 'playground.noReasons': 'No rule gave this item points.', 'playground.excludedBy': 'Dropped by',
    'playground.notFired': 'Rules that did not fire for this item ({count})', 'playground.close': 'Close the explanation',
    'playground.col.rule': 'Rule', 'playground.col.where': 'File and line', 'playground.col.because': 'Why it did not fire', 'playground.col.item': 'Item',
    'playground.col.points': 'Points', 'playground.col.reason': 'Reason',
    'lifecycle.subscriber': 'Subscriber', 'lifecycle.lead': 'Lead', 'lifecycle.mql': 'Marketing-qualified lead (MQL)',
    'lifecycle.sql': 'Sales-qualified lead (SQL)', 'lifecycle.opportunity': 'Opportunity', 'lifecycle.customer': 'Customer',
  },
  de: {
    'playground.title': 'Ausprobieren',
    'playground.intro': 'Beschreiben Sie einen Kontakt und sehen Sie, was die aktiven Regeln empfehlen, mit jeder Begründung. Bis zu vier Personas nebeneinander zeigen ein ganzes Buying Center auf einen Blick. Die Adresse dieser Seite enthält die ganze Ansicht: kopieren Sie sie, um sie zu teilen.',
    'playground.limit': 'Ergebnisse je Persona', 'playground.add': 'Persona hinzufügen', 'playground.remove': 'Persona {n} entfernen',
    'playground.buyingCenter': 'Buying Center', 'playground.buyingCenterHint': 'Geschäftsführung, Vertriebsleitung, IT und Finanzen, alle in der Phase von Persona 1.',
    'playground.persona': 'Persona {n}', 'playground.role': 'Rolle', 'playground.phase': 'Journey-Phase', 'playground.language': 'Sprache der Inhalte',
    'playground.concerns': 'Anliegen (mehrere mit Strg oder Umschalt)', 'playground.concernsHint': 'Mehrere mit Strg oder Umschalt.', 'playground.consumed': 'Schon genutzt (Inhalts-IDs, mit Kommas)',
    'playground.lifecycle': 'Lifecycle-Status', 'playground.lifecycleNone': '(unbekannt)', 'playground.customer': 'Schon Kunde',
    'playground.top': 'Die ersten {n}', 'playground.noResults': 'Für diese Persona bleibt kein Inhalt übrig.', 'playground.why': 'Warum?',
    'playground.belowCut': 'Knapp dahinter ({count})', 'playground.excluded': 'Von einer Regel ausgeschlossen ({count})', 'playground.noneExcluded': 'Für diese Persona ist kein Inhalt ausgeschlossen.',
    'playground.versions': 'Regeln {rules}, Katalog {catalog}', 'playground.explainFor': 'Warum oder warum nicht: „{title}“ für Persona {n}',
    'playground.outcome.recommended': 'empfohlen', 'playground.outcome.excluded': 'ausgeschlossen', 'playground.outcome.outscored': 'nicht unter den ersten',
    'playground.reasons': 'Regeln, die Punkte gaben', 'playground.noReasons': 'Keine Regel gab diesem Inhalt Punkte.', 'playground.excludedBy': 'Ausgeschlossen durch',
    'playground.notFired': 'Regeln, die für diesen Inhalt nicht gefeuert haben ({count})', 'playground.close': 'Erklärung schließen',
    'playground.col.rule': 'Regel', 'playground.col.where': 'Datei und Zeile', 'playground.col.because': 'Warum sie nicht gefeuert hat', 'playground.col.item': 'Inhalt',
    'playground.col.points': 'Punkte', 'playground.col.reason': 'Begründung',
    'lifecycle.subscriber': 'Abonnent', 'lifecycle.lead': 'Lead', 'lifecycle.mql': 'Marketing-qualifizierter Lead (MQL)',
    'lifecycle.sql': 'Vertriebs-qualifizierter Lead (SQL)', 'lifecycle.opportunity': 'Verkaufschance', 'lifecycle.customer': 'Kunde',
  },
};

const LIFECYCLES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer'];
const LIMITS = [1, 3, 5, 10, 20];
const MAX_PERSONAS = 4;
const BUYING_CENTER = ['managing-director', 'head-of-sales', 'it', 'finance'];

let taxonomy = null; // the same for every view of one service version; asked once per page load
let catalogIds = null; // only when someone types consumed items

// ------------------------------------------------------------------ the view in the address
// One persona per ?p=, readable: role:it;phase:consideration;lang:de;concerns:security,integration;
// consumed:wp-a,wp-b;lifecycle:mql;customer:yes. ?n= is the number of results, ?why= the open
// explanation as <persona number>~<item id>.

export function decodePersona(text) {
  const persona = { role: '', phase: '', lang: '', concerns: [], consumed: [], lifecycle: '', customer: false };
  for (const part of (text || '').split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const key = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (key === 'concerns' || key === 'consumed') persona[key] = value.split(',').map(v => v.trim()).filter(Boolean);
    else if (key === 'customer') persona.customer = value === 'yes' || value === 'true';
    else if (key in persona) persona[key] = value;
  }
  return persona;
}

export function encodePersona(p) {
  return [
    `role:${p.role}`, `phase:${p.phase}`, `lang:${p.lang}`,
    p.concerns.length ? `concerns:${p.concerns.join(',')}` : null,
    p.consumed.length ? `consumed:${p.consumed.join(',')}` : null,
    p.lifecycle ? `lifecycle:${p.lifecycle}` : null,
    p.customer ? 'customer:yes' : null,
  ].filter(Boolean).join(';');
}

function contactOf(p, index) {
  const contact = { id: `playground-${index + 1}`, role: p.role, phase: p.phase, language: p.lang, concerns: p.concerns, consumed: p.consumed };
  if (p.lifecycle) contact.lifecycle = p.lifecycle;
  if (p.customer) contact.existingCustomer = true;
  return contact;
}

function defaults(base = {}) {
  return {
    role: taxonomy.roles[0]?.id ?? '', phase: 'consideration', lang: taxonomy.languages.some(l => l.id === language()) ? language() : taxonomy.languages[0]?.id ?? 'en',
    concerns: [], consumed: [], lifecycle: '', customer: false, ...base,
  };
}

// ------------------------------------------------------------------ the page

export async function render({ main, params, setParams, redraw }) {
  taxonomy ??= await get('/api/v1/taxonomy');
  const limit = LIMITS.includes(Number(params.get('n'))) ? Number(params.get('n')) : 5;
  const personas = params.getAll('p').slice(0, MAX_PERSONAS).map(text => defaults(dropEmpty(decodePersona(text))));
  if (personas.length === 0) personas.push(defaults());
  const why = parseWhy(params.get('why'), personas.length);

  const save = () => setParams({ p: personas.map(encodePersona), n: limit === 5 ? null : limit, why: why.open ? `${why.persona + 1}~${why.item}` : null });
  save(); // a bare /console/playground becomes a shareable address right away

  const columns = h('div', { class: 'personas' });
  columns.classList.add(`personas-${personas.length}`);
  const explanation = h('section', { class: 'explanation', 'aria-live': 'polite' });
  const results = [];

  const openWhy = (persona, item, focus = true) => {
    why.persona = persona;
    why.item = item;
    why.open = true;
    save();
    explain(explanation, personas[persona], persona, item, limit, () => { why.open = false; why.item = null; save(); }, focus);
  };

  personas.forEach((persona, index) => {
    const out = h('div', { class: 'results' });
    results.push(out);
    const refresh = () => {
      save();
      show(out, persona, index, limit, openWhy);
      if (why.open && why.persona === index) openWhy(index, why.item, false); // the open explanation follows the changed persona
    };
    columns.append(h('section', { class: 'card persona', dataset: { persona: index + 1 } },
      personaForm(persona, index, refresh, personas.length > 1 ? () => { personas.splice(index, 1); why.open = false; why.item = null; save(); redraw(); } : null),
      out));
  });

  replace(main,
    h('h1', {}, t('playground.title')),
    h('p', { class: 'hint' }, t('playground.intro')),
    h('div', { class: 'row toolbar' },
      field('pg-limit', t('playground.limit'), select(LIMITS.map(n => ({ value: String(n), label: String(n) })), String(limit), {
        onchange: e => { setParams({ n: e.target.value === '5' ? null : e.target.value }); redraw(); },
      })),
      h('button', { type: 'button', id: 'pg-add', class: 'secondary', disabled: personas.length >= MAX_PERSONAS, onclick: () => {
        personas.push(defaults({ phase: personas[0].phase, lang: personas[0].lang })); save(); redraw();
      } }, t('playground.add')),
      h('button', { type: 'button', id: 'pg-buying-center', class: 'secondary', title: t('playground.buyingCenterHint'), onclick: () => {
        const first = personas[0];
        const roles = BUYING_CENTER.filter(r => taxonomy.roles.some(x => x.id === r));
        personas.splice(0, personas.length, ...roles.map(role => defaults({ role, phase: first.phase, lang: first.lang, customer: first.customer, lifecycle: first.lifecycle })));
        why.open = false; why.item = null; save(); redraw();
      } }, t('playground.buyingCenter')),
      h('span', { class: 'hint' }, t('playground.buyingCenterHint'))),
    columns,
    explanation);

  await Promise.all(personas.map((persona, index) => show(results[index], persona, index, limit, openWhy)));
  if (why.open) explain(explanation, personas[why.persona], why.persona, why.item, limit, () => { why.open = false; why.item = null; save(); });
}

function dropEmpty(persona) {
  return Object.fromEntries(Object.entries(persona).filter(([, v]) => v !== '' && !(Array.isArray(v) && v.length === 0) && v !== false));
}

function parseWhy(text, count) {
  const match = /^(\d+)~(.+)$/.exec(text || '');
  const persona = match ? Number(match[1]) - 1 : -1;
  return persona >= 0 && persona < count ? { persona, item: match[2], open: true } : { persona: 0, item: null, open: false };
}

function personaForm(p, index, changed, remove) {
  const id = name => `pg-${index + 1}-${name}`;
  const options = entries => entries.map(e => ({ value: e.id, label: label(e) }));
  const role = select(options(taxonomy.roles), p.role, { onchange: e => { p.role = e.target.value; changed(); } });
  const phase = select(taxonomy.phases.map(ph => ({ value: ph.id, label: `${ph.number} ${label(ph)}` })), p.phase,
    { onchange: e => { p.phase = e.target.value; changed(); } });
  const lang = select(options(taxonomy.languages), p.lang, { onchange: e => { p.lang = e.target.value; changed(); } });
  const concerns = h('select', { multiple: true, size: 3, title: t('playground.concernsHint'), onchange: e => {
    p.concerns = [...e.target.selectedOptions].map(o => o.value); changed();
  } }, taxonomy.concerns.map(c => h('option', { value: c.id, selected: p.concerns.includes(c.id) }, label(c))));
  const consumed = h('input', { type: 'text', value: p.consumed.join(', '), list: 'pg-item-ids', autocomplete: 'off', spellcheck: 'false',
    onfocus: loadItemIds,
    onchange: e => { p.consumed = e.target.value.split(',').map(v => v.trim()).filter(Boolean); changed(); } });
  const lifecycle = select([{ value: '', label: t('playground.lifecycleNone') }, ...LIFECYCLES.map(l => ({ value: l, label: t('lifecycle.' + l) }))],
    p.lifecycle, { onchange: e => { p.lifecycle = e.target.value; changed(); } });
  const customer = h('input', { type: 'checkbox', id: id('customer'), checked: p.customer, onchange: e => { p.customer = e.target.checked; changed(); } });
  return h('form', { class: 'persona-form', onsubmit: e => e.preventDefault() },
    h('div', { class: 'persona-head' }, h('h2', {}, t('playground.persona', { n: index + 1 })),
      remove ? h('button', { type: 'button', class: 'secondary remove', 'aria-label': t('playground.remove', { n: index + 1 }), onclick: remove }, '✕') : null),
    h('div', { class: 'pair' },
      field(id('role'), t('playground.role'), role),
      field(id('phase'), t('playground.phase'), phase),
      field(id('lang'), t('playground.language'), lang),
      field(id('lifecycle'), t('playground.lifecycle'), lifecycle)),
    field(id('concerns'), t('playground.concerns'), concerns),
    field(id('consumed'), t('playground.consumed'), consumed),
    h('div', { class: 'check' }, customer, h('label', { for: id('customer') }, t('playground.customer'))));
}

/** The catalog's ids as suggestions for "consumed": loaded on first use, not for the first view. */
async function loadItemIds() {
  if (catalogIds) return;
  catalogIds = [];
  const page = await get('/api/v1/catalog');
  catalogIds = page.items.map(i => i.id);
  let list = document.getElementById('pg-item-ids');
  if (!list) { list = h('datalist', { id: 'pg-item-ids' }); document.body.append(list); }
  replace(list, page.items.map(i => h('option', { value: i.id }, i.title)));
}

async function show(out, p, index, limit, openWhy) {
  out.classList.add('busy');
  let body;
  try {
    body = await post('/api/v1/recommendations?explain=true', { contact: contactOf(p, index), limit });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    replace(out, problem(e));
    out.classList.remove('busy');
    return;
  }
  const item = (entry, rank) => h('li', { class: 'item', dataset: { id: entry.id } },
    h('div', { class: 'item-head' },
      rank ? h('span', { class: 'rank' }, `${rank}.`) : null,
      h('button', { type: 'button', class: 'link', onclick: () => openWhy(index, entry.id), title: t('playground.why') }, entry.title),
      h('span', { class: 'score', dataset: { score: entry.score } }, `${points(entry.score)} ${t('points')}`)),
    h('div', { class: 'muted' }, h('code', {}, entry.id), ' · ', formatLabel(entry.format), ' · ', entry.language),
    h('ul', { class: 'reasons' }, entry.reasons.map(r => h('li', {},
      h('span', { class: 'points' }, signed(r.points)), ' ', h('strong', {}, r.rule), ': ', r.explanation))));
  replace(out,
    h('h3', {}, t('playground.top', { n: limit })),
    body.recommendations.length
      ? h('ol', { class: 'top plain-list' }, body.recommendations.map((entry, i) => item(entry, i + 1)))
      : h('p', { class: 'warn' }, t('playground.noResults')),
    h('details', { class: 'below' }, h('summary', {}, t('playground.belowCut', { count: body.missedTheCut.length })),
      h('ol', { class: 'missed plain-list', start: body.recommendations.length + 1 }, body.missedTheCut.map((entry, i) => item(entry, body.recommendations.length + i + 1)))),
    h('details', { class: 'dropped' }, h('summary', {}, t('playground.excluded', { count: body.excluded.length })),
      body.excluded.length ? h('ul', { class: 'excluded plain-list' }, body.excluded.map(x => h('li', { dataset: { id: x.id } },
        h('button', { type: 'button', class: 'link', onclick: () => openWhy(index, x.id) }, x.title), ' ',
        h('span', { class: 'bad' }, h('strong', {}, x.rule), ': ', x.explanation)))) : h('p', { class: 'muted' }, t('playground.noneExcluded'))),
    h('p', { class: 'muted versions' }, t('playground.versions', { rules: body.rulesVersion, catalog: body.catalogVersion })));
  out.classList.remove('busy');
}

async function explain(panel, p, index, itemId, limit, closed, focus = true) {
  replace(panel, h('p', { class: 'loading' }, t('loading')));
  let body;
  try {
    body = await post('/api/v1/explain', { contact: contactOf(p, index), itemId, limit, whyNot: true });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    replace(panel, problem(e));
    return;
  }
  const outcomeClass = { recommended: 'ok', excluded: 'bad', outscored: 'warn' }[body.outcome];
  const heading = h('h2', { tabindex: '-1' }, t('playground.explainFor', { title: body.item.title, n: index + 1 }));
  replace(panel, h('div', { class: 'card' },
    h('div', { class: 'persona-head' }, heading,
      h('button', { type: 'button', class: 'secondary', onclick: () => { replace(panel); closed(); } }, t('playground.close'))),
    h('p', {}, h('span', { class: `outcome ${outcomeClass}` }, t('playground.outcome.' + body.outcome)), ' – ', body.summary),
    h('p', { class: 'muted' }, h('code', {}, body.item.id), ' · ', formatLabel(body.item.format), ' · ', body.item.language,
      ' · ', t('score'), ': ', points(body.score)),
    body.excludedBy ? h('p', { class: 'bad' }, `${t('playground.excludedBy')} `, h('strong', {}, body.excludedBy.rule), ': ', body.excludedBy.explanation) : null,
    h('h3', {}, t('playground.reasons')),
    body.reasons.length ? h('table', { class: 'data reasons-table' },
      h('thead', {}, h('tr', {}, [t('playground.col.rule'), t('playground.col.points'), t('playground.col.reason')].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, body.reasons.map(r => h('tr', {}, h('td', {}, r.rule), h('td', { class: 'num' }, signed(r.points)), h('td', {}, r.explanation)))))
      : h('p', { class: 'muted' }, t('playground.noReasons')),
    h('h3', {}, t('playground.notFired', { count: body.notFired.length })),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data not-fired' },
      h('thead', {}, h('tr', {}, [t('playground.col.rule'), t('playground.col.where'), t('playground.col.because')].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, body.notFired.map(n => h('tr', {},
        h('td', {}, n.rule),
        h('td', {}, h('code', {}, `${n.file}:${n.conditionLine ?? n.line}`)),
        h('td', {}, n.why[language()] ?? n.because, n.condition ? h('div', {}, h('code', {}, n.condition)) : null))))))));
  if (!focus) return; // the persona's form keeps the focus while it is being edited
  heading.focus();
  panel.scrollIntoView({ block: 'start' });
}

function problem(error) {
  return h('div', { class: 'error' }, error.message,
    error.fieldErrors.length ? h('ul', {}, error.fieldErrors.map(f => h('li', {}, h('code', {}, f.field), ': ', f.message))) : null);
}

function formatLabel(id) {
  return label(taxonomy.formats.find(f => f.id === id)) || id;
}

function points(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function signed(value) {
  return value > 0 ? `+${points(value)}` : points(value);
}
