// Accounts: the companies (stored contacts with the same account), most recent activity first,
// filtered and paged by the API's cursor; and for a chosen one its buying center: members, coverage
// of each role's concerns, the gaps in plain words and the content that closes each gap, with the
// colleague who should hand it on.
import { label, language, t } from '../i18n.js';
import { ApiError, get } from '../api.js';
import { field, h, replace, select } from '../dom.js';

const STATUSES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer'];
const GAP_KINDS = ['missing-role', 'unseen-concern', 'lagging-member'];

export const texts = {
  en: {
    'accounts.title': 'Accounts',
    'accounts.intro': 'A company buys when everyone of its buying center is convinced. Here: which companies are active, who of them is known, what each role has seen, and what is missing.',
    'accounts.phase': 'Phase', 'accounts.status': 'Status', 'accounts.gap': 'Gap', 'accounts.minMembers': 'At least … members',
    'accounts.size': 'Per page', 'accounts.any': 'Any', 'accounts.apply': 'Show', 'accounts.reset': 'Reset filters',
    'accounts.count': '{total} accounts match, most recent activity first.', 'accounts.countOne': '1 account matches.', 'accounts.pending': '{pending} accounts are being brought up to date; the list does not show them yet.',
    'accounts.none': 'No account matches these filters.', 'accounts.next': 'Next page', 'accounts.first': 'First page',
    'accounts.open': 'Open {account}', 'accounts.choose': 'Choose an account to see its buying center.',
    'accounts.col.account': 'Account', 'accounts.col.members': 'Members', 'accounts.col.active': 'Active', 'accounts.col.phase': 'Phase', 'accounts.col.status': 'Status',
    'accounts.col.engagement': 'Engagement', 'accounts.col.gaps': 'Gaps', 'accounts.col.lastActivity': 'Last activity',
    'accounts.col.member': 'Member', 'accounts.col.role': 'Role', 'accounts.col.score': 'Lead score', 'accounts.col.consumed': 'Consumed', 'accounts.col.next': 'Next content',
    'accounts.col.seen': 'Concerns seen', 'accounts.col.notSeen': 'Concerns not seen', 'accounts.col.gap': 'Gap', 'accounts.col.content': 'Content that closes it',
    'accounts.col.for': 'For', 'accounts.col.forwardedBy': 'Who should forward it',
    'accounts.buyingCenter': 'Buying center of {account}', 'accounts.phaseLine': 'Phase: {phase} – {reason}',
    'accounts.statusLine': 'Status: {status} – {reason}', 'accounts.engagementLine': 'Engagement: {score} ({method}) – {reason}',
    'accounts.activeLine': '{active} of {members} members active',
    'accounts.members': 'Members', 'accounts.coverage': 'Coverage of the concerns per role', 'accounts.gaps': 'Gaps and the content that closes them',
    'accounts.noGaps': 'No gaps: every role is known and has seen content on its concerns.',
    'accounts.nobody': 'nobody known', 'accounts.isActive': '✓ active', 'accounts.inactive': '– inactive',
    'accounts.direct': 'nobody engaged yet: send it directly', 'accounts.newContact': 'someone new of this role',
    'accounts.noContent': 'The catalog has nothing left for this gap.', 'accounts.notFound': 'The account {account} has no members (any more).',
    'accounts.method.sum': 'sum', 'accounts.method.average': 'average', 'accounts.method.max': 'highest',
    'accounts.status.subscriber': 'Subscriber', 'accounts.status.lead': 'Lead', 'accounts.status.mql': 'Marketing-qualified lead (MQL)',
    'accounts.status.sql': 'Sales-qualified lead (SQL)', 'accounts.status.opportunity': 'Opportunity', 'accounts.status.customer': 'Customer',
    'accounts.gap.missing-role': 'A role nobody is known for', 'accounts.gap.unseen-concern': 'A concern nobody has seen content on',
    'accounts.gap.lagging-member': 'A member behind the company',
  },
  de: {
    'accounts.title': 'Accounts',
    'accounts.intro': 'Ein Unternehmen kauft, wenn alle im Buying Center überzeugt sind. Hier: welche Unternehmen aktiv sind, wen wir dort kennen, was jede Rolle gesehen hat und was fehlt.',
    'accounts.phase': 'Phase', 'accounts.status': 'Status', 'accounts.gap': 'Lücke', 'accounts.minMembers': 'Mindestens … Personen',
    'accounts.size': 'Pro Seite', 'accounts.any': 'Alle', 'accounts.apply': 'Anzeigen', 'accounts.reset': 'Filter zurücksetzen',
    'accounts.count': '{total} Accounts passen, die zuletzt aktiven zuerst.', 'accounts.countOne': '1 Account passt.', 'accounts.pending': '{pending} Accounts werden gerade aktualisiert; die Liste zeigt sie noch nicht.',
    'accounts.none': 'Kein Account passt zu diesen Filtern.', 'accounts.next': 'Nächste Seite', 'accounts.first': 'Erste Seite',
    'accounts.open': '{account} öffnen', 'accounts.choose': 'Wählen Sie einen Account, um sein Buying Center zu sehen.',
    'accounts.col.account': 'Account', 'accounts.col.members': 'Personen', 'accounts.col.active': 'Aktiv', 'accounts.col.phase': 'Phase', 'accounts.col.status': 'Status',
    'accounts.col.engagement': 'Engagement', 'accounts.col.gaps': 'Lücken', 'accounts.col.lastActivity': 'Letzte Aktivität',
    'accounts.col.member': 'Person', 'accounts.col.role': 'Rolle', 'accounts.col.score': 'Lead-Score', 'accounts.col.consumed': 'Genutzt', 'accounts.col.next': 'Nächster Inhalt',
    'accounts.col.seen': 'Gesehene Anliegen', 'accounts.col.notSeen': 'Nicht gesehene Anliegen', 'accounts.col.gap': 'Lücke', 'accounts.col.content': 'Inhalt, der sie schließt',
    'accounts.col.for': 'Für', 'accounts.col.forwardedBy': 'Wer ihn weitergeben sollte',
    'accounts.buyingCenter': 'Buying Center von {account}', 'accounts.phaseLine': 'Phase: {phase} – {reason}',
    'accounts.statusLine': 'Status: {status} – {reason}', 'accounts.engagementLine': 'Engagement: {score} ({method}) – {reason}',
    'accounts.activeLine': '{active} von {members} Personen aktiv',
    'accounts.members': 'Personen', 'accounts.coverage': 'Abdeckung der Anliegen je Rolle', 'accounts.gaps': 'Lücken und die Inhalte, die sie schließen',
    'accounts.noGaps': 'Keine Lücken: Jede Rolle ist bekannt und hat Inhalte zu ihren Anliegen gesehen.',
    'accounts.nobody': 'niemand bekannt', 'accounts.isActive': '✓ aktiv', 'accounts.inactive': '– inaktiv',
    'accounts.direct': 'noch niemand engagiert: direkt senden', 'accounts.newContact': 'eine neue Person dieser Rolle',
    'accounts.noContent': 'Der Katalog hat für diese Lücke nichts mehr.', 'accounts.notFound': 'Der Account {account} hat (keine) Personen mehr.',
    'accounts.method.sum': 'Summe', 'accounts.method.average': 'Durchschnitt', 'accounts.method.max': 'Höchstwert',
    'accounts.status.subscriber': 'Abonnent', 'accounts.status.lead': 'Lead', 'accounts.status.mql': 'Marketing-qualifizierter Lead (MQL)',
    'accounts.status.sql': 'Vertriebs-qualifizierter Lead (SQL)', 'accounts.status.opportunity': 'Verkaufschance', 'accounts.status.customer': 'Kunde',
    'accounts.gap.missing-role': 'Eine Rolle, für die niemand bekannt ist', 'accounts.gap.unseen-concern': 'Ein Anliegen, zu dem niemand etwas gesehen hat',
    'accounts.gap.lagging-member': 'Eine Person hinter dem Unternehmen',
  },
};

export async function render({ main, params, setParams, redraw }) {
  const filters = ['phase', 'status', 'gap', 'minMembers'];
  const query = new URLSearchParams();
  for (const name of [...filters, 'cursor', 'size']) if (params.get(name)) query.set(name, params.get(name));
  const chosen = params.get('account');
  const [taxonomy, page] = await Promise.all([get('/api/v1/taxonomy'), get(`/api/v1/accounts?${query}`)]);
  const terms = {
    phase: new Map(taxonomy.phases.map(p => [p.id, p])), role: new Map(taxonomy.roles.map(r => [r.id, r])),
    concern: new Map(taxonomy.concerns.map(c => [c.id, c])), format: new Map(taxonomy.formats.map(f => [f.id, f])),
  };
  const name = (kind, id) => label(terms[kind].get(id)) || id;
  const status = id => (id ? t(`accounts.status.${id}`) : '–');

  const form = h('form', { class: 'row filters', onsubmit: event => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({ ...Object.fromEntries(filters.map(f => [f, data.get(f)])), size: data.get('size'), cursor: null });
    redraw();
  } },
    field('accounts-phase', t('accounts.phase'), select([{ value: '', label: t('accounts.any') },
      ...taxonomy.phases.map(p => ({ value: p.id, label: `${p.number} · ${label(p)}` }))], params.get('phase') || '', { name: 'phase' })),
    field('accounts-status', t('accounts.status'), select([{ value: '', label: t('accounts.any') },
      ...STATUSES.map(s => ({ value: s, label: status(s) }))], params.get('status') || '', { name: 'status' })),
    field('accounts-gap', t('accounts.gap'), select([{ value: '', label: t('accounts.any') },
      ...GAP_KINDS.map(g => ({ value: g, label: t(`accounts.gap.${g}`) }))], params.get('gap') || '', { name: 'gap' })),
    field('accounts-min-members', t('accounts.minMembers'), h('input', { type: 'number', name: 'minMembers', min: 1,
      value: params.get('minMembers') || '', size: 4 })),
    field('accounts-size', t('accounts.size'), h('input', { type: 'number', name: 'size', min: 1, max: 100, value: page.size, size: 4 })),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, t('accounts.apply'))),
    h('div', { class: 'field' }, h('button', { type: 'button', class: 'secondary', onclick: () => {
      setParams({ phase: null, status: null, gap: null, minMembers: null, cursor: null, size: null });
      redraw();
    } }, t('accounts.reset'))));

  const detail = h('section', { id: 'account-detail', 'aria-live': 'polite' });
  const open = account => {
    setParams({ account });
    for (const row of main.querySelectorAll('table.accounts tbody tr')) row.classList.toggle('chosen', row.dataset.account === account);
    return showAccount(detail, account, name, status).catch(error => replace(detail, h('p', { class: 'bad' }, error.message)));
  };

  const list = page.accounts.length === 0 ? h('p', { class: 'info' }, t('accounts.none')) : h('div', { class: 'table-wrap' },
    h('table', { class: 'data accounts' },
      h('thead', {}, h('tr', {}, ['accounts.col.account', 'accounts.col.members', 'accounts.col.active', 'accounts.col.phase', 'accounts.col.status', 'accounts.col.engagement', 'accounts.col.gaps',
        'accounts.col.lastActivity'].map((key, i) => h('th', { scope: 'col', class: [1, 2, 5].includes(i) ? 'num' : null }, t(key))))),
      h('tbody', {}, page.accounts.map(a => h('tr', { dataset: { account: a.account } },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', 'aria-label': t('accounts.open', { account: a.account }),
          onclick: () => open(a.account) }, a.account)),
        h('td', { class: 'num members' }, String(a.members)),
        h('td', { class: 'num' }, String(a.activeMembers)),
        h('td', {}, a.phase ? name('phase', a.phase) : '–'),
        h('td', {}, status(a.status)),
        h('td', { class: 'num' }, String(a.engagementScore)),
        h('td', { class: 'gaps' }, String(a.gaps), a.gapKinds.length ? h('div', { class: 'muted' }, a.gapKinds.map(k => t(`accounts.gap.${k}`)).join('; ')) : null),
        h('td', {}, when(a.lastActivity)))))));

  replace(main,
    h('h1', {}, t('accounts.title')),
    h('p', { class: 'hint' }, t('accounts.intro')),
    form,
    h('p', { class: 'count' }, page.total === 1 ? t('accounts.countOne') : t('accounts.count', { total: page.total })),
    page.pending ? h('p', { class: 'info' }, t('accounts.pending', { pending: page.pending })) : null,
    list,
    h('div', { class: 'row paging' },
      params.get('cursor') ? h('button', { type: 'button', class: 'secondary first-page', onclick: () => { setParams({ cursor: null }); redraw(); } },
        t('accounts.first')) : null,
      page.next ? h('button', { type: 'button', class: 'secondary next-page', onclick: () => { setParams({ cursor: page.next }); redraw(); } },
        t('accounts.next')) : null),
    detail);

  if (chosen) await open(chosen);
  else replace(detail, h('p', { class: 'hint' }, t('accounts.choose')));
}

/** The buying center of one account and, per gap, the content that closes it and who should forward it. */
async function showAccount(section, account, name, status) {
  replace(section, h('p', { class: 'loading' }, t('loading')));
  const path = `/api/v1/accounts/${encodeURIComponent(account)}`;
  const lang = `language=${language()}`;
  let view;
  let next;
  try {
    [view, next] = await Promise.all([get(`${path}?${lang}`), get(`${path}/recommendations?${lang}&limit=1`)]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      replace(section, h('p', { class: 'warn' }, t('accounts.notFound', { account })));
      return;
    }
    throw error;
  }
  const nextOf = new Map(next.members.map(m => [m.member, m.recommendations[0]]));
  const concerns = list => list.map(c => name('concern', c));
  replace(section,
    h('h2', {}, t('accounts.buyingCenter', { account: view.account })),
    h('ul', { class: 'plain summary' },
      view.phase ? h('li', {}, t('accounts.phaseLine', { phase: name('phase', view.phase.value), reason: view.phase.reason })) : null,
      view.status ? h('li', {}, t('accounts.statusLine', { status: status(view.status.value), reason: view.status.reason })) : null,
      h('li', {}, t('accounts.engagementLine', { score: view.engagement.score, method: t(`accounts.method.${view.engagement.method}`),
        reason: view.engagement.reason || '' })),
      h('li', {}, t('accounts.activeLine', { active: view.activeMembers, members: view.members.length }))),

    h('h3', {}, t('accounts.members')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data members' },
      h('thead', {}, h('tr', {}, ['accounts.col.member', 'accounts.col.role', 'accounts.col.phase', 'accounts.col.status', 'accounts.col.score', 'accounts.col.active', 'accounts.col.lastActivity',
        'accounts.col.consumed', 'accounts.col.next'].map((key, i) => h('th', { scope: 'col', class: [4, 7].includes(i) ? 'num' : null }, t(key))))),
      h('tbody', {}, view.members.map(m => h('tr', { dataset: { member: m.id } },
        h('th', { scope: 'row' }, m.id),
        h('td', { class: 'role' }, name('role', m.role)),
        h('td', { class: 'phase' }, name('phase', m.phase)),
        h('td', {}, status(m.lifecycle)),
        h('td', { class: 'num score' }, String(m.leadScore)),
        h('td', {}, m.active ? t('accounts.isActive') : t('accounts.inactive')),
        h('td', {}, when(m.lastActivity)),
        h('td', { class: 'num' }, String(m.consumed.length)),
        h('td', {}, nextOf.get(m.id) ? [nextOf.get(m.id).title, h('div', { class: 'muted' }, h('code', {}, nextOf.get(m.id).id))] : '–')))))),

    h('h3', {}, t('accounts.coverage')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data coverage' },
      h('thead', {}, h('tr', {}, ['accounts.col.role', 'accounts.col.members', 'accounts.col.seen', 'accounts.col.notSeen']
        .map((key, i) => h('th', { scope: 'col', class: i === 1 ? 'num' : null }, t(key))))),
      h('tbody', {}, view.coverage.map(c => h('tr', { dataset: { role: c.role } },
        h('th', { scope: 'row' }, name('role', c.role)),
        h('td', { class: 'num' }, c.members ? String(c.members) : t('accounts.nobody')),
        h('td', { class: 'seen' }, concerns(c.seen).map(x => h('span', { class: 'tag' }, `✓ ${x}`))),
        h('td', { class: 'not-seen' }, concerns(c.missing).map(x => h('span', { class: 'tag' }, `✗ ${x}`)))))))),

    h('h3', {}, t('accounts.gaps')),
    next.gaps.length === 0 ? h('p', { class: 'ok' }, t('accounts.noGaps')) : h('div', { class: 'table-wrap' }, h('table', { class: 'data gaps' },
      h('thead', {}, h('tr', {}, ['accounts.col.gap', 'accounts.col.content', 'accounts.col.for', 'accounts.col.forwardedBy'].map(key => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, next.gaps.map(g => h('tr', { dataset: { kind: g.gap.kind } },
        h('td', { class: 'gap-text' }, g.gap.text, h('div', { class: 'muted' }, t(`accounts.gap.${g.gap.kind}`))),
        h('td', { class: 'content' }, g.content ? [g.content.title, ' ', h('span', { class: 'tag' }, name('format', g.content.format)),
          h('div', { class: 'muted' }, h('code', {}, g.content.id))] : h('span', { class: 'warn' }, t('accounts.noContent'))),
        h('td', {}, g.forMember || t('accounts.newContact')),
        h('td', { class: 'forwarder' }, g.forwardedBy?.member
          ? [`${g.forwardedBy.member} (${name('role', g.forwardedBy.role)})`, h('div', { class: 'muted' }, g.forwardedBy.why)]
          : [t('accounts.direct'), g.forwardedBy?.why ? h('div', { class: 'muted' }, g.forwardedBy.why) : null])))))));
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(language(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : '–';
}
