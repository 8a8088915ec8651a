// Try a change (admin): edit or paste a rule or catalog file, check it against everything a reload
// does (safety check, lint, compiler, catalog, scenarios) and see how the top 5 of every scenario and
// generated contact would change, before anything is saved. Deploying is a separate step that runs
// the same checks again and is recorded (who, when, which files, versions before and after).
import { formatTime, t } from '../i18n.js';
import { ApiError, get, post } from '../api.js';
import { field, h, replace } from '../dom.js';

export const texts = {
  en: {
    'try.title': 'Try a change', 'try.intro': 'Edit a rule or catalog file (or paste one), check it, and deploy it only when every check passes. Nothing is saved before you deploy.',
    'try.file': 'File', 'try.newFile': 'New file …', 'try.root': 'Directory', 'try.path': 'Path of the new file',
    'try.content': 'Content of {file}', 'try.check': 'Check the change', 'try.deploy': 'Deploy', 'try.message': 'What the change is for (recorded)',
    'try.checking': 'Checking …', 'try.deploying': 'Deploying …', 'try.unchanged': 'The text is the same as the live file.',
    'try.valid': 'The change passes every check and can be deployed.', 'try.invalid': 'The change cannot go live: {count} problem(s).',
    'try.recheck': 'The text changed since the last check: check it again before deploying.',
    'try.problems': 'Problems', 'try.warnings': 'Warnings', 'try.noWarnings': 'No warnings.',
    'try.scenarios': 'Scenarios', 'try.scenarioSummary': '{passed} of {total} passed', 'try.scenariosNotRun': 'The scenarios did not run: the change has problems first.',
    'try.diff': 'Top 5 before and after', 'try.diffSummary': '{changed} of {contacts} contacts get a different top 5.',
    'try.noDiff': 'No contact gets a different top 5.', 'try.before': 'Before', 'try.after': 'After', 'try.contact': 'Contact',
    'try.goTo': 'Go to line {line}', 'try.deployed': 'Deployed by {author} at {at}: rules {before} → {after}.',
    'try.history': 'Deployments', 'try.noHistory': 'Nothing deployed through the console yet.',
    'try.when': 'When', 'try.who': 'Who', 'try.files': 'Files', 'try.versions': 'Rules version', 'try.what': 'Message',
    'try.needsAdmin': 'Trying and deploying changes needs a login with the admin token.',
    'change.entered': 'new in the top 5', 'change.left': 'out of the top 5', 'change.moved': 'moved', 'change.score': 'new score',
  },
  de: {
    'try.title': 'Änderung testen', 'try.intro': 'Bearbeiten Sie eine Regel- oder Katalogdatei (oder fügen Sie eine ein), prüfen Sie sie, und schalten Sie sie erst live, wenn alle Prüfungen bestanden sind. Vor dem Live-Schalten wird nichts gespeichert.',
    'try.file': 'Datei', 'try.newFile': 'Neue Datei …', 'try.root': 'Verzeichnis', 'try.path': 'Pfad der neuen Datei',
    'try.content': 'Inhalt von {file}', 'try.check': 'Änderung prüfen', 'try.deploy': 'Live schalten', 'try.message': 'Wozu die Änderung dient (wird festgehalten)',
    'try.checking': 'Wird geprüft …', 'try.deploying': 'Wird live geschaltet …', 'try.unchanged': 'Der Text ist derselbe wie die Live-Datei.',
    'try.valid': 'Die Änderung besteht alle Prüfungen und kann live geschaltet werden.', 'try.invalid': 'Die Änderung kann nicht live gehen: {count} Problem(e).',
    'try.recheck': 'Der Text hat sich seit der letzten Prüfung geändert: Bitte erneut prüfen, bevor Sie live schalten.',
    'try.problems': 'Probleme', 'try.warnings': 'Warnungen', 'try.noWarnings': 'Keine Warnungen.',
    'try.scenarios': 'Szenarien', 'try.scenarioSummary': '{passed} von {total} bestanden', 'try.scenariosNotRun': 'Die Szenarien liefen nicht: Die Änderung hat zuerst Probleme.',
    'try.diff': 'Top 5 vorher und nachher', 'try.diffSummary': '{changed} von {contacts} Kontakten bekommen andere Top 5.',
    'try.noDiff': 'Kein Kontakt bekommt andere Top 5.', 'try.before': 'Vorher', 'try.after': 'Nachher', 'try.contact': 'Kontakt',
    'try.goTo': 'Zu Zeile {line}', 'try.deployed': 'Live geschaltet von {author} um {at}: Regeln {before} → {after}.',
    'try.history': 'Live-Schaltungen', 'try.noHistory': 'Über die Konsole wurde noch nichts live geschaltet.',
    'try.when': 'Wann', 'try.who': 'Wer', 'try.files': 'Dateien', 'try.versions': 'Regelversion', 'try.what': 'Nachricht',
    'try.needsAdmin': 'Änderungen testen und live schalten braucht eine Anmeldung mit dem Admin-Token.',
    'change.entered': 'neu in den Top 5', 'change.left': 'aus den Top 5', 'change.moved': 'verschoben', 'change.score': 'neue Punktzahl',
  },
};

const NEW = '';
const when = formatTime;

export async function render({ main, session, params, setParams }) {
  if (session.role !== 'admin') {
    replace(main, h('h1', {}, t('try.title')), h('p', { class: 'info' }, t('try.needsAdmin')));
    return;
  }
  const [{ files }, history] = await Promise.all([get('/api/v1/admin/files'), get('/api/v1/admin/deployments?limit=10')]);
  const key = f => `${f.root}:${f.path}`;
  const chosen = params.get('root') && params.get('path') ? `${params.get('root')}:${params.get('path')}` : key(files.find(f => f.root === 'rules') || files[0]);

  const fileSelect = h('select', {}, h('option', { value: NEW }, t('try.newFile')),
    ['rules', 'catalog'].map(root => h('optgroup', { label: root }, files.filter(f => f.root === root)
      .map(f => h('option', { value: key(f), selected: key(f) === chosen }, f.path)))));
  const rootSelect = h('select', {}, h('option', { value: 'rules' }, 'rules'), h('option', { value: 'catalog' }, 'catalog'));
  const pathInput = h('input', { placeholder: 'my-rules.drl' });
  const newFileFields = h('div', { class: 'row' }, field('try-root', t('try.root'), rootSelect), field('try-path', t('try.path'), pathInput));
  const editor = h('textarea', { class: 'code', rows: 18, cols: 110, spellcheck: 'false', wrap: 'off' });
  const editorLabel = h('label', { for: 'try-content' });
  editor.id = 'try-content';
  const message = h('input', { maxlength: 500 });
  const checkButton = h('button', { type: 'button', id: 'try-check' }, t('try.check'));
  const deployButton = h('button', { type: 'button', id: 'try-deploy', disabled: true }, t('try.deploy'));
  const outcome = h('div', { id: 'try-outcome', 'aria-live': 'polite' });
  const historyBox = h('section', { id: 'try-history' });

  let live = null; // {root, path, content, sha256} of the chosen file, or null for a new one
  let checked = null; // the text that passed the last check

  const target = () => (live ? { root: live.root, path: live.path } : { root: rootSelect.value, path: pathInput.value.trim() });
  const change = () => ({ files: [{ ...target(), content: editor.value, ...(live ? { baseSha256: live.sha256 } : {}) }] });

  async function load() {
    checked = null;
    deployButton.disabled = true;
    replace(outcome);
    if (fileSelect.value === NEW) {
      live = null;
      newFileFields.hidden = false;
      editor.value = '';
      editorLabel.textContent = t('try.content', { file: '…' });
      setParams({ root: null, path: null });
      return;
    }
    const [root, ...rest] = fileSelect.value.split(':');
    const path = rest.join(':');
    newFileFields.hidden = true;
    live = await get(`/api/v1/admin/files/${root}?path=${encodeURIComponent(path)}`);
    editor.value = live.content;
    editorLabel.textContent = t('try.content', { file: `${root}/${path}` });
    setParams({ root, path });
  }

  /** Selects a line in the editor, so a problem's line is one click (or Enter) away. */
  function goTo(line) {
    const lines = editor.value.split('\n');
    const start = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0);
    editor.focus();
    editor.setSelectionRange(start, start + (lines[line - 1] || '').length);
    const lineHeight = editor.scrollHeight / Math.max(1, lines.length);
    editor.scrollTop = Math.max(0, (line - 5) * lineHeight);
  }

  async function check() {
    if (live && editor.value === live.content) {
      replace(outcome, h('p', { class: 'info' }, t('try.unchanged')));
      return;
    }
    checkButton.disabled = true;
    deployButton.disabled = true;
    replace(outcome, h('p', { class: 'loading' }, t('try.checking')));
    try {
      const text = editor.value;
      const report = await post('/api/v1/admin/drafts', change());
      checked = report.valid ? text : null;
      deployButton.disabled = !report.valid;
      replace(outcome, reportView(report, goTo, target()));
    } catch (e) {
      replace(outcome, errorView(e));
    } finally {
      checkButton.disabled = false;
    }
  }

  async function deploy() {
    if (checked !== editor.value) {
      replace(outcome, h('p', { class: 'warn' }, t('try.recheck')));
      deployButton.disabled = true;
      return;
    }
    deployButton.disabled = true;
    checkButton.disabled = true;
    replace(outcome, h('p', { class: 'loading' }, t('try.deploying')));
    try {
      const record = await post('/api/v1/admin/deployments', { ...change(), message: message.value.trim() || undefined });
      replace(outcome, h('p', { class: 'ok', id: 'try-deployed' }, t('try.deployed', {
        author: record.author, at: when(record.at), before: record.before.rules, after: record.after.rules })));
      const t0 = target();
      live = await get(`/api/v1/admin/files/${t0.root}?path=${encodeURIComponent(t0.path)}`);
      checked = null;
      drawHistory(await get('/api/v1/admin/deployments?limit=10'));
    } catch (e) {
      replace(outcome, errorView(e, goTo, target()));
    } finally {
      checkButton.disabled = false;
    }
  }

  function drawHistory(page) {
    replace(historyBox, h('h2', {}, t('try.history')), page.deployments.length === 0 ? h('p', { class: 'muted' }, t('try.noHistory'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, [t('try.when'), t('try.who'), t('try.files'), t('try.versions'), t('try.what')].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, page.deployments.map(d => h('tr', {},
          h('td', {}, when(d.at)), h('td', {}, d.author),
          h('td', {}, d.files.map(f => h('div', {}, h('code', {}, `${f.root}/${f.path}`)))),
          h('td', {}, h('code', {}, `${d.before.rules} → ${d.after.rules}`)),
          h('td', {}, d.message || '')))))));
  }

  editor.addEventListener('input', () => { deployButton.disabled = checked === null || checked !== editor.value; });
  fileSelect.addEventListener('change', () => load().catch(e => replace(outcome, errorView(e))));
  checkButton.addEventListener('click', check);
  deployButton.addEventListener('click', deploy);

  replace(main, h('h1', {}, t('try.title')), h('p', { class: 'hint' }, t('try.intro')),
    h('div', { class: 'row' }, field('try-file', t('try.file'), fileSelect)), newFileFields,
    h('div', { class: 'field' }, editorLabel, editor),
    h('div', { class: 'row' }, checkButton, field('try-message', t('try.message'), message), deployButton),
    outcome, historyBox);
  drawHistory(history);
  if (!files.some(f => key(f) === chosen)) fileSelect.value = NEW;
  await load();
}

function errorView(error, goTo, target) {
  const problems = error instanceof ApiError ? error.problem?.problems : null;
  return h('div', {}, h('p', { class: 'bad' }, error.message),
    problems?.length ? problemList(problems, goTo, target) : null,
    error instanceof ApiError && error.fieldErrors.length
      ? h('ul', {}, error.fieldErrors.map(f => h('li', {}, h('code', {}, f.field), ': ', f.message))) : null);
}

function reportView(report, goTo, target) {
  const scenarios = report.scenarios;
  return h('div', {},
    h('p', { class: report.valid ? 'ok' : 'bad', id: 'try-verdict' },
      report.valid ? t('try.valid') : t('try.invalid', { count: report.problems.length + (report.moreProblems || 0) })),
    report.problems.length ? [h('h2', {}, t('try.problems')), problemList(report.problems, goTo, target)] : null,
    h('h2', {}, t('try.warnings')),
    report.warnings.length ? problemList(report.warnings, goTo, target) : h('p', { class: 'ok' }, t('try.noWarnings')),
    h('h2', {}, t('try.scenarios')),
    scenarios && scenarios.ran
      ? [h('p', { class: scenarios.failed.length ? 'bad' : 'ok' }, t('try.scenarioSummary', { passed: scenarios.passed, total: scenarios.total })),
        scenarios.failed.length ? h('ul', {}, scenarios.failed.map(f => h('li', {}, h('strong', {}, f.name), ` (${f.file}:${f.line}): `, f.message))) : null]
      : h('p', { class: 'muted' }, t('try.scenariosNotRun')),
    report.diff ? diffView(report.diff) : null);
}

/** Problems at file and line; a problem in the edited file has a button that selects its line. */
function problemList(problems, goTo, target) {
  return h('ul', { class: 'problems' }, problems.map(p => {
    const here = goTo && target && p.line > 0 && sameFile(p.file, target);
    return h('li', {}, h('code', {}, `${p.file || ''}${p.line ? ':' + p.line + (p.column ? ':' + p.column : '') : ''}`), ' ',
      p.where ? h('em', {}, p.where + ': ') : null, p.message,
      here ? [' ', h('button', { type: 'button', class: 'secondary goto', onclick: () => goTo(p.line) }, t('try.goTo', { line: p.line }))] : null,
      p.sourceLine ? h('pre', {}, p.sourceLine) : null);
  }));
}

function sameFile(file, target) {
  return file === target.path || file === `${target.root}/${target.path}` || file?.endsWith('/' + target.path);
}

function diffView(diff) {
  const ids = list => h('ol', { class: 'plain' }, list.map(item => h('li', {}, h('code', {}, item.id), ' ', item.title)));
  return h('section', {}, h('h2', {}, t('try.diff')),
    h('p', {}, diff.changed ? t('try.diffSummary', { changed: diff.changed, contacts: diff.contacts }) : t('try.noDiff')),
    diff.entries.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'data diff' },
      h('thead', {}, h('tr', {}, [t('try.contact'), t('try.before'), t('try.after')].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, diff.entries.map(e => h('tr', {},
        h('td', {}, e.contact.label, h('div', { class: 'muted' }, e.changes.map(c => h('div', {}, `${t('change.' + c.change)}: ${c.id}`)))),
        h('td', {}, ids(e.before)), h('td', {}, ids(e.after))))))) : null);
}
