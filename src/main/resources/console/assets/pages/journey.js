// Journey: the funnel of stored contacts by phase (how many, how many move on, how long they stay,
// where they stall) next to the journey map (buyer's or customer's side, funnel stage, the formats
// the catalog holds for the phase). Filters (window, role, account) live in the URL.
import { formatDay, label, t } from '../i18n.js';
import { get } from '../api.js';
import { bar, field, h, percent, replace, select } from '../dom.js';

export const texts = {
  en: {
    'journey.title': 'Customer journey',
    'journey.intro': 'How many stored contacts are in each phase now, how many moved on in the window, and how long they stayed. Next to the numbers: the journey map of the phase.',
    'journey.from': 'From (day)', 'journey.to': 'To (day)', 'journey.role': 'Role', 'journey.account': 'Account',
    'journey.allRoles': 'All roles', 'journey.apply': 'Show', 'journey.reset': 'Reset filters',
    'journey.window': 'Moves from {from} to {to}; contacts count as of today; a contact stalls after {days} days in its phase.',
    'journey.accountNote': 'For one account the service keeps the contacts per phase, not their moves: moves, conversion and days in phase are left out.',
    'journey.funnel': 'Funnel and journey map',
    'journey.col.phase': 'Phase', 'journey.col.side': 'Side', 'journey.col.stage': 'Funnel stage', 'journey.col.typical': 'Typical content (formats in the catalog)',
    'journey.col.contacts': 'Contacts now', 'journey.col.stalled': 'Stalled', 'journey.col.entered': 'Entered', 'journey.col.movedOn': 'Moved on',
    'journey.col.fellBack': 'Fell back', 'journey.col.conversion': 'Moved on (share)', 'journey.col.median': 'Median days in phase',
    'journey.side.BUYER': "Buyer's journey", 'journey.side.CUSTOMER': "Customer's journey",
    'journey.side.BUYER.goal': "Buyer's journey (phases 0–4): build trust",
    'journey.side.CUSTOMER.goal': "Customer's journey (phases 5–7): build the relationship",
    'journey.stage.TOFU': 'Top of funnel (TOFU)', 'journey.stage.MOFU': 'Middle of funnel (MOFU)', 'journey.stage.BOFU': 'Bottom of funnel (BOFU)',
    'journey.stage.CUSTOMER': 'Customer', 'journey.items': '{count} items', 'journey.noItems': 'nothing in the catalog',
    'journey.stalls': 'Where contacts stall',
    'journey.noStalls': 'No contact has been in its phase for {days} days or more.',
    'journey.stallLine': '{phase}: {stalled} of {contacts} contacts have been in this phase for {days} days or more',
    'journey.days': '{days} days', 'journey.noMoves': 'no moves',
    'journey.conversionHint': 'Moved on (share): of the contacts who were in the phase, the share that reached a later phase in the window.',
  },
  de: {
    'journey.title': 'Customer Journey',
    'journey.intro': 'Wie viele gespeicherte Kontakte jetzt in jeder Phase sind, wie viele im Zeitraum weitergekommen sind und wie lange sie blieben. Daneben: die Journey Map der Phase.',
    'journey.from': 'Von (Tag)', 'journey.to': 'Bis (Tag)', 'journey.role': 'Rolle', 'journey.account': 'Account',
    'journey.allRoles': 'Alle Rollen', 'journey.apply': 'Anzeigen', 'journey.reset': 'Filter zurücksetzen',
    'journey.window': 'Wechsel vom {from} bis {to}; Kontakte nach heutigem Stand; ein Kontakt steckt fest nach {days} Tagen in seiner Phase.',
    'journey.accountNote': 'Für einen Account speichert der Dienst die Kontakte je Phase, nicht ihre Wechsel: Wechsel, Anteil und Tage in der Phase entfallen.',
    'journey.funnel': 'Funnel und Journey Map',
    'journey.col.phase': 'Phase', 'journey.col.side': 'Seite', 'journey.col.stage': 'Funnel-Stufe', 'journey.col.typical': 'Typische Inhalte (Formate im Katalog)',
    'journey.col.contacts': 'Kontakte jetzt', 'journey.col.stalled': 'Stecken fest', 'journey.col.entered': 'Hinzugekommen', 'journey.col.movedOn': 'Weiter',
    'journey.col.fellBack': 'Zurückgefallen', 'journey.col.conversion': 'Weiter (Anteil)', 'journey.col.median': 'Median Tage in der Phase',
    'journey.side.BUYER': 'Buyer’s Journey', 'journey.side.CUSTOMER': 'Customer’s Journey',
    'journey.side.BUYER.goal': 'Buyer’s Journey (Phasen 0–4): Vertrauen aufbauen',
    'journey.side.CUSTOMER.goal': 'Customer’s Journey (Phasen 5–7): die Beziehung pflegen',
    'journey.stage.TOFU': 'Oberer Funnel (TOFU)', 'journey.stage.MOFU': 'Mittlerer Funnel (MOFU)', 'journey.stage.BOFU': 'Unterer Funnel (BOFU)',
    'journey.stage.CUSTOMER': 'Kunde', 'journey.items': '{count} Inhalte', 'journey.noItems': 'nichts im Katalog',
    'journey.stalls': 'Wo Kontakte feststecken',
    'journey.noStalls': 'Kein Kontakt ist seit {days} Tagen oder länger in seiner Phase.',
    'journey.stallLine': '{phase}: {stalled} von {contacts} Kontakten sind seit {days} Tagen oder länger in dieser Phase',
    'journey.days': '{days} Tage', 'journey.noMoves': 'keine Wechsel',
    'journey.conversionHint': 'Weiter (Anteil): von den Kontakten, die in der Phase waren, der Anteil, der im Zeitraum eine spätere Phase erreichte.',
  },
};

const EMPTY = { contacts: 0, stalled: 0, entered: 0, movedOn: 0, fellBack: 0, conversion: null, medianDaysInPhase: null };

export async function render({ main, params, setParams, redraw }) {
  const filters = { from: params.get('from'), to: params.get('to'), role: params.get('role'), account: params.get('account') };
  const query = new URLSearchParams();
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (filters.role) query.set('by', 'role');
  if (filters.account) query.set('account', filters.account);
  const [taxonomy, report, catalog] = await Promise.all([
    get('/api/v1/taxonomy'), get(`/api/v1/insights/journey?${query}`), get('/api/v1/catalog')]);

  const roles = taxonomy.roles;
  const formats = new Map(taxonomy.formats.map(f => [f.id, f]));
  const phases = new Map(taxonomy.phases.map(p => [p.id, p]));
  const rows = report.phases.map(p => ({
    phase: phases.get(p.phase),
    figures: filters.role ? { ...EMPTY, ...((p.groups || []).find(g => g.group === filters.role) || {}) } : p,
  }));
  const most = Math.max(1, ...rows.map(r => r.figures.contacts ?? 0));
  const typical = typicalFormats(catalog.items);

  const form = h('form', { class: 'row filters', onsubmit: event => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({ from: data.get('from'), to: data.get('to'), role: data.get('role'), account: data.get('account').trim() });
    redraw();
  } },
    field('journey-from', t('journey.from'), h('input', { type: 'date', name: 'from', value: report.from })),
    field('journey-to', t('journey.to'), h('input', { type: 'date', name: 'to', value: report.to })),
    field('journey-role', t('journey.role'), select([{ value: '', label: t('journey.allRoles') },
      ...roles.map(r => ({ value: r.id, label: label(r) }))], filters.role || '', { name: 'role' })),
    field('journey-account', t('journey.account'), h('input', { type: 'text', name: 'account', value: filters.account || '', size: 20 })),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, t('journey.apply'))),
    h('div', { class: 'field' }, h('button', { type: 'button', class: 'secondary', onclick: () => {
      setParams({ from: null, to: null, role: null, account: null });
      redraw();
    } }, t('journey.reset'))));

  const flows = !report.account;
  const columns = [t('journey.col.phase'), t('journey.col.stage'), t('journey.col.typical'), t('journey.col.contacts'), t('journey.col.stalled')]
    .concat(flows ? [t('journey.col.entered'), t('journey.col.movedOn'), t('journey.col.fellBack'), t('journey.col.conversion'), t('journey.col.median')] : []);
  const body = [];
  let side = null;
  for (const row of rows) {
    if (row.phase.side !== side) {
      side = row.phase.side;
      body.push(h('tr', { class: 'side' }, h('th', { scope: 'rowgroup', colspan: columns.length }, t(`journey.side.${side}.goal`))));
    }
    const f = row.figures;
    body.push(h('tr', { dataset: { phase: row.phase.id } },
      h('th', { scope: 'row' }, `${row.phase.number} · ${label(row.phase)}`, h('div', { class: 'muted' }, t(`journey.side.${row.phase.side}`))),
      h('td', {}, t(`journey.stage.${row.phase.stage}`)),
      h('td', { class: 'typical' }, typicalList(typical.get(row.phase.id), formats)),
      h('td', { class: 'num contacts' }, bar(f.contacts ?? 0, most, String(f.contacts ?? 0))),
      h('td', { class: 'num stalled' }, String(f.stalled ?? 0)),
      flows ? [
        h('td', { class: 'num entered' }, String(f.entered)),
        h('td', { class: 'num moved-on' }, String(f.movedOn)),
        h('td', { class: 'num fell-back' }, String(f.fellBack)),
        h('td', { class: 'num conversion' }, percent(f.conversion)),
        h('td', { class: 'num median' }, f.medianDaysInPhase === null || f.medianDaysInPhase === undefined
          ? t('journey.noMoves') : t('journey.days', { days: f.medianDaysInPhase })),
      ] : null));
  }

  replace(main,
    h('h1', {}, t('journey.title')),
    h('p', { class: 'hint' }, t('journey.intro')),
    form,
    h('p', {}, t('journey.window', { from: formatDay(report.from), to: formatDay(report.to), days: report.stallDays })),
    report.account ? h('p', { class: 'info' }, t('journey.accountNote')) : null,
    h('h2', {}, t('journey.funnel')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data journey' },
      h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { scope: 'col', class: i >= 3 ? 'num' : null }, c)))),
      h('tbody', {}, body))),
    flows ? h('p', { class: 'hint' }, t('journey.conversionHint')) : null,
    h('h2', {}, t('journey.stalls')),
    stalls(rows, report.stallDays));
}

/** Per phase the formats of the catalog's items for it, most items first (the catalog is the marketers' own phase x format table). */
function typicalFormats(items) {
  const byPhase = new Map();
  for (const item of items) {
    for (const phase of item.phases) {
      const counts = byPhase.get(phase) || new Map();
      counts.set(item.format, (counts.get(item.format) || 0) + 1);
      byPhase.set(phase, counts);
    }
  }
  const sorted = new Map();
  for (const [phase, counts] of byPhase) sorted.set(phase, [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  return sorted;
}

function typicalList(counts, formats) {
  if (!counts || counts.length === 0) return h('span', { class: 'muted' }, t('journey.noItems'));
  return h('ul', { class: 'tags' }, counts.slice(0, 5).map(([format, count]) =>
    h('li', { class: 'tag', title: t('journey.items', { count }) }, `${label(formats.get(format)) || format} (${count})`)));
}

function stalls(rows, days) {
  const stalled = rows.filter(r => (r.figures.stalled ?? 0) > 0).sort((a, b) => b.figures.stalled - a.figures.stalled);
  if (stalled.length === 0) return h('p', { class: 'ok' }, t('journey.noStalls', { days }));
  return h('ul', { class: 'stalls' }, stalled.map(r => h('li', { class: 'warn', dataset: { phase: r.phase.id } },
    t('journey.stallLine', { phase: label(r.phase), stalled: r.figures.stalled, contacts: r.figures.contacts, days }))));
}
