// Content gaps: a heatmap phase x role for one content language. Each cell says how many items the
// rules would put in the top N with at least the minimum score, and how many stored contacts sit
// there; a cell opens what exists there: the ranked items for a typical contact of the cell (with
// scores and reasons) and the catalog items written for that phase and role.
import { label, language, t } from '../i18n.js';
import { get, post } from '../api.js';
import { field, h, replace, select } from '../dom.js';

export const texts = {
  en: {
    'gaps.title': 'Content gaps',
    'gaps.intro': 'For a contact of each phase and role who has seen nothing yet: how many items the rules would show among the top {top} with at least {minScore} points, and how many stored contacts are in that cell now. Open a cell to see what exists there.',
    'gaps.language': 'Content language', 'gaps.minScore': 'Minimum score', 'gaps.top': 'Top N', 'gaps.apply': 'Show',
    'gaps.heatmap': 'Phase × role ({language})', 'gaps.phase': 'Phase',
    'gaps.cellItems': '{items}/{top}', 'gaps.cellMissing': '✗ {missing} missing', 'gaps.cellFull': '✓ enough',
    'gaps.cellContacts': '{contacts} contacts', 'gaps.cellContact': '1 contact',
    'gaps.cellLabel': '{phase}, {role}: {items} of {top} items, {contacts} stored contacts',
    'gaps.legend': 'Reading a cell: items the rules would show / how many are wanted, then how many are missing, then the stored contacts in the cell. The darker the cell, the more is missing.',
    'gaps.first': 'Write these first', 'gaps.firstHint': 'Cells with missing items, the most contacts first.',
    'gaps.firstLine': '{phase} · {role}: {missing} of {top} missing, {contacts}',
    'gaps.noGaps': 'No gaps: every cell has enough items with this minimum score.',
    'gaps.detail': '{phase} · {role} · {language}', 'gaps.shown': 'What the rules would show',
    'gaps.shownHint': 'For a contact of this cell who has consumed nothing yet. Items below {minScore} points do not count.',
    'gaps.counts': '✓ counts', 'gaps.below': '✗ below the minimum score', 'gaps.nothingShown': 'The rules show nothing here.',
    'gaps.catalog': 'Catalog items for this phase and role ({count})', 'gaps.noCatalog': 'The catalog has no item for this phase and role in this language.',
    'gaps.pick': 'Choose a cell (click, or Tab to it and press Enter) to see what exists there.',
    'gaps.col.rank': '#', 'gaps.col.item': 'Item', 'gaps.col.format': 'Format', 'gaps.col.score': 'Score', 'gaps.col.counts': 'Counts?', 'gaps.col.reasons': 'Reasons',
  },
  de: {
    'gaps.title': 'Content-Lücken',
    'gaps.intro': 'Für einen Kontakt jeder Phase und Rolle, der noch nichts gesehen hat: wie viele Inhalte die Regeln unter den ersten {top} mit mindestens {minScore} Punkten zeigen würden und wie viele gespeicherte Kontakte jetzt in diesem Feld sind. Öffnen Sie ein Feld, um zu sehen, was es dort gibt.',
    'gaps.language': 'Sprache der Inhalte', 'gaps.minScore': 'Mindestpunktzahl', 'gaps.top': 'Erste N', 'gaps.apply': 'Anzeigen',
    'gaps.heatmap': 'Phase × Rolle ({language})', 'gaps.phase': 'Phase',
    'gaps.cellItems': '{items}/{top}', 'gaps.cellMissing': '✗ {missing} fehlen', 'gaps.cellFull': '✓ genug',
    'gaps.cellContacts': '{contacts} Kontakte', 'gaps.cellContact': '1 Kontakt',
    'gaps.cellLabel': '{phase}, {role}: {items} von {top} Inhalten, {contacts} gespeicherte Kontakte',
    'gaps.legend': 'So lesen Sie ein Feld: Inhalte, die die Regeln zeigen würden / wie viele gewünscht sind, dann wie viele fehlen, dann die gespeicherten Kontakte im Feld. Je dunkler das Feld, desto mehr fehlt.',
    'gaps.first': 'Zuerst schreiben', 'gaps.firstHint': 'Felder mit fehlenden Inhalten, die meisten Kontakte zuerst.',
    'gaps.firstLine': '{phase} · {role}: {missing} von {top} fehlen, {contacts}',
    'gaps.noGaps': 'Keine Lücken: Jedes Feld hat genug Inhalte mit dieser Mindestpunktzahl.',
    'gaps.detail': '{phase} · {role} · {language}', 'gaps.shown': 'Was die Regeln zeigen würden',
    'gaps.shownHint': 'Für einen Kontakt dieses Felds, der noch nichts genutzt hat. Inhalte unter {minScore} Punkten zählen nicht.',
    'gaps.counts': '✓ zählt', 'gaps.below': '✗ unter der Mindestpunktzahl', 'gaps.nothingShown': 'Die Regeln zeigen hier nichts.',
    'gaps.catalog': 'Katalog-Inhalte für diese Phase und Rolle ({count})', 'gaps.noCatalog': 'Der Katalog hat für diese Phase und Rolle in dieser Sprache nichts.',
    'gaps.pick': 'Wählen Sie ein Feld (Klick, oder mit Tab hin und Enter), um zu sehen, was es dort gibt.',
    'gaps.col.rank': '#', 'gaps.col.item': 'Inhalt', 'gaps.col.format': 'Format', 'gaps.col.score': 'Punkte', 'gaps.col.counts': 'Zählt?', 'gaps.col.reasons': 'Gründe',
  },
};

export async function render({ main, params, setParams, redraw }) {
  const taxonomy = await get('/api/v1/taxonomy');
  const languages = taxonomy.languages.map(l => l.id);
  const contentLanguage = languages.includes(params.get('language')) ? params.get('language')
    : (languages.includes(language()) ? language() : languages[0]);
  const query = new URLSearchParams();
  if (params.get('minScore')) query.set('minScore', params.get('minScore'));
  if (params.get('top')) query.set('top', params.get('top'));
  query.set('language', contentLanguage);
  const report = await get(`/api/v1/insights/gaps?${query}`);

  const phases = taxonomy.phases;
  const roles = taxonomy.roles;
  const cells = new Map();
  for (const cell of report.cells) if (cell.language === contentLanguage) cells.set(`${cell.phase}.${cell.role}`, cell);
  const languageEntry = taxonomy.languages.find(l => l.id === contentLanguage);
  const formats = new Map(taxonomy.formats.map(f => [f.id, f]));

  const form = h('form', { class: 'row filters', onsubmit: event => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({ language: data.get('language'), minScore: data.get('minScore'), top: data.get('top') });
    redraw();
  } },
    field('gaps-language', t('gaps.language'), select(taxonomy.languages.map(l => ({ value: l.id, label: label(l) })), contentLanguage,
      { name: 'language' })),
    field('gaps-min-score', t('gaps.minScore'), h('input', { type: 'number', name: 'minScore', step: 'any', value: report.minScore, size: 6 })),
    field('gaps-top', t('gaps.top'), h('input', { type: 'number', name: 'top', min: 1, max: 50, value: report.top, size: 4 })),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, t('gaps.apply'))));

  const detail = h('section', { id: 'cell-detail', 'aria-live': 'polite' });
  const open = async (phase, role, button) => {
    for (const b of main.querySelectorAll('button.cell')) b.setAttribute('aria-pressed', String(b === button));
    setParams({ cell: `${phase.id}.${role.id}` });
    await showCell(detail, { phase, role, language: languageEntry, report, formats });
  };

  const heatmap = h('table', { class: 'data heatmap' },
    h('caption', {}, t('gaps.heatmap', { language: label(languageEntry) })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('gaps.phase')), roles.map(r => h('th', { scope: 'col' }, label(r))))),
    h('tbody', {}, phases.map(phase => h('tr', { dataset: { phase: phase.id } },
      h('th', { scope: 'row' }, `${phase.number} · ${label(phase)}`),
      roles.map(role => {
        const cell = cells.get(`${phase.id}.${role.id}`);
        if (!cell) return h('td', {}, '–');
        const shade = Math.min(4, Math.ceil((cell.missing / report.top) * 4));
        const button = h('button', {
          type: 'button', class: `cell shade-${shade}`, 'aria-pressed': 'false', dataset: { phase: phase.id, role: role.id },
          'aria-label': t('gaps.cellLabel', { phase: label(phase), role: label(role), items: cell.items, top: report.top, contacts: cell.contacts }),
          onclick: event => open(phase, role, event.currentTarget).catch(showInline(detail)),
        },
          h('span', { class: 'items' }, t('gaps.cellItems', { items: cell.items, top: report.top })),
          h('span', { class: 'who' }, cell.missing > 0 ? t('gaps.cellMissing', { missing: cell.missing }) : t('gaps.cellFull')),
          h('span', { class: 'who contacts' }, contactCount(cell.contacts)));
        return h('td', {}, button);
      })))));

  const first = report.cells.filter(c => c.language === contentLanguage && c.missing > 0).slice(0, 5);
  const byId = (list, id) => list.find(x => x.id === id);
  replace(main,
    h('h1', {}, t('gaps.title')),
    h('p', { class: 'hint' }, t('gaps.intro', { top: report.top, minScore: report.minScore })),
    form,
    h('h2', {}, t('gaps.first')),
    first.length ? [h('p', { class: 'hint' }, t('gaps.firstHint')), h('ol', { class: 'first-gaps' }, first.map(c => h('li', {},
      t('gaps.firstLine', { phase: label(byId(phases, c.phase)), role: label(byId(roles, c.role)), missing: c.missing, top: report.top,
        contacts: contactCount(c.contacts) }))))]
      : h('p', { class: 'ok' }, t('gaps.noGaps')),
    h('div', { class: 'table-wrap' }, heatmap),
    h('p', { class: 'hint' }, t('gaps.legend')),
    detail);

  const [phaseId, roleId] = (params.get('cell') || '').split('.');
  const chosen = main.querySelector(`button.cell[data-phase="${CSS.escape(phaseId || '')}"][data-role="${CSS.escape(roleId || '')}"]`);
  if (chosen) {
    chosen.setAttribute('aria-pressed', 'true');
    await showCell(detail, { phase: byId(phases, phaseId), role: byId(roles, roleId), language: languageEntry, report, formats });
  } else {
    replace(detail, h('p', { class: 'hint' }, t('gaps.pick')));
  }
}

/** What exists in one cell: the ranked items for a typical contact of it, and the catalog items of its phase and role. */
async function showCell(detail, { phase, role, language: lang, report, formats }) {
  replace(detail, h('p', { class: 'loading' }, t('loading')));
  const contact = { id: 'gap-cell', role: role.id, phase: phase.id, language: lang.id, existingCustomer: phase.side === 'CUSTOMER' };
  const [answer, catalog] = await Promise.all([
    post('/api/v1/recommendations', { contact, limit: report.top }),
    get(`/api/v1/catalog?${new URLSearchParams({ phase: phase.id, role: role.id, language: lang.id })}`)]);
  const format = id => label(formats.get(id)) || id;
  const shown = answer.recommendations;
  replace(detail,
    h('h2', {}, t('gaps.detail', { phase: label(phase), role: label(role), language: label(lang) })),
    h('h3', {}, t('gaps.shown')),
    h('p', { class: 'hint' }, t('gaps.shownHint', { minScore: report.minScore })),
    shown.length === 0 ? h('p', { class: 'warn' }, t('gaps.nothingShown')) : h('div', { class: 'table-wrap' }, h('table', { class: 'data shown' },
      h('thead', {}, h('tr', {}, [t('gaps.col.rank'), t('gaps.col.item'), t('gaps.col.format'), t('gaps.col.score'), t('gaps.col.counts'), t('gaps.col.reasons')]
        .map((c, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, c)))),
      h('tbody', {}, shown.map((item, i) => h('tr', { dataset: { item: item.id } },
        h('td', { class: 'num' }, String(i + 1)),
        h('td', {}, item.title, h('div', { class: 'muted' }, h('code', {}, item.id))),
        h('td', {}, format(item.format)),
        h('td', { class: 'num score' }, String(item.score)),
        h('td', {}, item.score >= report.minScore ? h('span', {}, t('gaps.counts')) : h('span', {}, t('gaps.below'))),
        h('td', {}, h('ul', { class: 'plain' }, item.reasons.map(r => h('li', {}, `${r.rule} (${r.points > 0 ? '+' : ''}${r.points})`))))))))),
    h('h3', {}, t('gaps.catalog', { count: catalog.count })),
    catalog.count === 0 ? h('p', { class: 'warn' }, t('gaps.noCatalog')) : h('ul', { class: 'plain catalog-items' }, catalog.items.map(item =>
      h('li', { dataset: { item: item.id } }, item.title, ' ', h('span', { class: 'tag' }, format(item.format)), ' ', h('code', {}, item.id)))));
}

function contactCount(n) {
  return n === 1 ? t('gaps.cellContact') : t('gaps.cellContacts', { contacts: n });
}

function showInline(detail) {
  return error => replace(detail, h('p', { class: 'bad' }, error.message || String(error)));
}
