// Status: what is live (rules, journey rules, account rules, catalog), the warnings, the last failed
// reload with each problem at file and line, and the scenarios against the live version.
import { formatTime, t } from '../i18n.js';
import { get } from '../api.js';
import { h, replace } from '../dom.js';

export const texts = {
  en: {
    'status.title': 'Status', 'status.live': 'Live now', 'status.rules': 'Recommendation rules', 'status.journey': 'Journey rules',
    'status.account': 'Account rules', 'status.catalog': 'Catalog', 'status.version': 'Version {version}',
    'status.loadedAt': 'loaded {at}', 'status.files': '{count} files', 'status.countRules': '{count} rules', 'status.items': '{count} items',
    'status.warnings': 'Warnings', 'status.noWarnings': 'No warnings.', 'status.lastFailure': 'Last failed reload',
    'status.noFailure': 'No reload has failed since the start.', 'status.failedAt': 'Failed {at} ({trigger}); the last good version stayed live.',
    'status.resolved': 'Resolved {at} by rules version {version}.', 'status.moreProblems': 'and {count} more problems',
    'status.scenarios': 'Scenarios against the live version', 'status.scenarioSummary': '{passed} passed, {failed} failed',
    'status.reloading': 'A reload is running (started {since} by {trigger}).',
    'status.marketerOnly': 'Warnings, failed reloads and scenarios are shown to logins with the admin token.',
    'col.file': 'File', 'col.line': 'Line', 'col.rule': 'Rule or scenario', 'col.message': 'What is wrong', 'col.scenario': 'Scenario',
    'col.result': 'Result', 'result.passed': 'passed', 'result.failed': 'failed',
  },
  de: {
    'status.title': 'Status', 'status.live': 'Jetzt live', 'status.rules': 'Empfehlungsregeln', 'status.journey': 'Journey-Regeln',
    'status.account': 'Account-Regeln', 'status.catalog': 'Katalog', 'status.version': 'Version {version}',
    'status.loadedAt': 'geladen {at}', 'status.files': '{count} Dateien', 'status.countRules': '{count} Regeln', 'status.items': '{count} Inhalte',
    'status.warnings': 'Warnungen', 'status.noWarnings': 'Keine Warnungen.', 'status.lastFailure': 'Letztes fehlgeschlagenes Neuladen',
    'status.noFailure': 'Seit dem Start ist kein Neuladen fehlgeschlagen.',
    'status.failedAt': 'Fehlgeschlagen {at} ({trigger}); die letzte gute Version blieb live.',
    'status.resolved': 'Behoben {at} durch Regelversion {version}.', 'status.moreProblems': 'und {count} weitere Probleme',
    'status.scenarios': 'Szenarien gegen die Live-Version', 'status.scenarioSummary': '{passed} bestanden, {failed} nicht bestanden',
    'status.reloading': 'Ein Neuladen läuft (gestartet {since} durch {trigger}).',
    'status.marketerOnly': 'Warnungen, fehlgeschlagene Ladevorgänge und Szenarien sehen Anmeldungen mit dem Admin-Token.',
    'col.file': 'Datei', 'col.line': 'Zeile', 'col.rule': 'Regel oder Szenario', 'col.message': 'Was falsch ist', 'col.scenario': 'Szenario',
    'col.result': 'Ergebnis', 'result.passed': 'bestanden', 'result.failed': 'nicht bestanden',
  },
};

const when = formatTime;

export async function render({ main, session }) {
  if (session.role !== 'admin') {
    const health = await get('/api/v1/health');
    replace(main, h('h1', {}, t('status.title')), h('h2', {}, t('status.live')),
      h('div', { class: 'grid' },
        card(t('status.rules'), health.rulesVersion, [t('status.countRules', { count: health.rules })]),
        card(t('status.journey'), health.journeyRulesVersion, []),
        card(t('status.catalog'), health.catalogVersion, [t('status.items', { count: health.items })])),
      h('p', { class: 'info' }, t('status.marketerOnly')));
    return;
  }
  const [status, scenarios] = await Promise.all([get('/api/v1/admin/status'), get('/api/v1/admin/scenarios')]);
  const live = status.live;
  replace(main,
    h('h1', {}, t('status.title')),
    status.reloading ? h('p', { class: 'info' }, t('status.reloading', { since: when(status.reloading.since), trigger: status.reloading.trigger })) : null,
    h('h2', {}, t('status.live')),
    h('div', { class: 'grid' },
      card(t('status.rules'), live.rulesVersion, [t('status.loadedAt', { at: when(live.rulesLoadedAt) }),
        t('status.countRules', { count: live.rules })], live.ruleFiles),
      card(t('status.journey'), live.journeyRulesVersion, [t('status.countRules', { count: live.journeyRules })], live.journeyRuleFiles),
      card(t('status.account'), live.accountRulesVersion, [t('status.countRules', { count: live.accountRules })], live.accountRuleFiles),
      card(t('status.catalog'), live.catalogVersion, [t('status.loadedAt', { at: when(live.catalogLoadedAt) }),
        t('status.items', { count: live.items })], live.catalogFiles)),
    h('h2', {}, t('status.warnings')),
    live.ruleWarnings.length ? problemTable(live.ruleWarnings) : h('p', { class: 'ok' }, t('status.noWarnings')),
    h('h2', {}, t('status.lastFailure')),
    failure(status.lastFailure),
    h('h2', {}, t('status.scenarios')),
    h('p', { class: scenarios.failed ? 'bad' : 'ok' }, t('status.scenarioSummary', { passed: scenarios.passed, failed: scenarios.failed })),
    scenarioTable(scenarios));
}

function card(title, version, lines, files = []) {
  return h('section', { class: 'card' }, h('h3', {}, title), h('p', {}, h('code', {}, t('status.version', { version }))),
    lines.map(line => h('div', { class: 'muted' }, line)),
    files.length ? h('details', {}, h('summary', {}, t('status.files', { count: files.length })),
      h('ul', { class: 'plain' }, files.map(f => h('li', {}, h('code', {}, f))))) : null);
}

function failure(report) {
  if (!report) return h('p', { class: 'ok' }, t('status.noFailure'));
  return h('div', {},
    h('p', { class: report.resolvedBy ? 'ok' : 'bad' }, t('status.failedAt', { at: when(report.at), trigger: report.trigger }),
      report.resolvedBy ? ' ' + t('status.resolved', { at: when(report.resolvedBy.at), version: report.resolvedBy.rulesVersion }) : ''),
    problemTable(report.problems),
    report.moreProblems ? h('p', { class: 'muted' }, t('status.moreProblems', { count: report.moreProblems })) : null);
}

/** Problems and warnings share one structure: file, line, column, rule or scenario, message. */
export function problemTable(problems) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data problems' },
    h('thead', {}, h('tr', {}, [t('col.file'), t('col.line'), t('col.rule'), t('col.message')].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, problems.map(p => h('tr', {},
      h('td', {}, h('code', {}, p.file ?? '')),
      h('td', { class: 'num' }, p.line ? (p.column ? `${p.line}:${p.column}` : String(p.line)) : ''),
      h('td', {}, p.where ?? p.rule ?? ''),
      h('td', {}, p.message, p.sourceLine ? h('pre', {}, p.sourceLine) : null))))));
}

function scenarioTable(outcome) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data scenarios' },
    h('thead', {}, h('tr', {}, [t('col.scenario'), t('col.file'), t('col.result')].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, outcome.scenarios.map(s => h('tr', {},
      h('td', {}, s.name),
      h('td', {}, h('code', {}, `${s.file}:${s.line}`)),
      h('td', {}, h('span', { class: s.passed ? 'ok' : 'bad' }, t(s.passed ? 'result.passed' : 'result.failed')),
        s.failures.length ? h('ul', { class: 'plain' }, s.failures.map(f => h('li', {}, `${t('col.line')} ${f.line}: ${f.message}`))) : null))))));
}
