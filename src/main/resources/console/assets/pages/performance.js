// Performance: KPIs per item and per rule in a window, as sortable tables, and one item's and one
// rule's figures per day as charts (uPlot) with their numbers beside them. The window and the
// charted item and rule live in the URL.
import { formatDay, label, t } from '../i18n.js';
import { get } from '../api.js';
import { field, h, percent, replace, sortableTable } from '../dom.js';

export const texts = {
  en: {
    'performance.title': 'Performance of content and rules',
    'performance.intro': 'What people saw, clicked, read and downloaded, and which rules put the clicked items in front of them. Choose an item or a rule to see it day by day.',
    'performance.from': 'From (day)', 'performance.to': 'To (day)', 'performance.apply': 'Show',
    'performance.window': 'From {from} to {to}.',
    'performance.items': 'Items ({count})', 'performance.rules': 'Rules ({count})',
    'performance.noItems': 'No item was shown, read or downloaded in this window.',
    'performance.noRules': 'No traced answer was shown in this window (only impressions and clicks with a trackingId count for rules).',
    'performance.chartItem': 'Over time: {title}', 'performance.chartRule': 'Over time: {rule}',
    'performance.show': 'Chart', 'performance.showLabel': 'Show {name} over time', 'performance.numbers': 'Numbers per day',
    'performance.rulesHint': 'A rule whose CTR stays below the CTR of the items it did not touch shows people what they click less: check its points or its conditions.',
    'performance.col.item': 'Item', 'performance.col.format': 'Format', 'performance.col.impressions': 'Impressions', 'performance.col.clicks': 'Clicks', 'performance.col.ctr': 'CTR',
    'performance.col.views': 'Views', 'performance.col.downloads': 'Downloads', 'performance.col.forms': 'Forms', 'performance.col.influence': 'Moved on after it',
    'performance.col.rule': 'Rule', 'performance.col.version': 'Rules version', 'performance.col.contributions': 'Contributions (shown)', 'performance.col.otherCtr': 'CTR of untouched items',
    'performance.col.difference': 'Difference', 'performance.col.points': 'Points given', 'performance.col.averagePoints': 'Points on average', 'performance.col.day': 'Day', 'performance.col.chart': 'Chart',
    'performance.higher': '▲ {points} points higher', 'performance.lower': '▼ {points} points lower', 'performance.same': '= the same',
  },
  de: {
    'performance.title': 'Wirkung von Inhalten und Regeln',
    'performance.intro': 'Was gesehen, geklickt, gelesen und heruntergeladen wurde, und welche Regeln die geklickten Inhalte nach vorn gebracht haben. Wählen Sie einen Inhalt oder eine Regel, um sie Tag für Tag zu sehen.',
    'performance.from': 'Von (Tag)', 'performance.to': 'Bis (Tag)', 'performance.apply': 'Anzeigen',
    'performance.window': 'Vom {from} bis {to}.',
    'performance.items': 'Inhalte ({count})', 'performance.rules': 'Regeln ({count})',
    'performance.noItems': 'In diesem Zeitraum wurde kein Inhalt gezeigt, gelesen oder heruntergeladen.',
    'performance.noRules': 'In diesem Zeitraum wurde keine nachverfolgte Antwort gezeigt (für Regeln zählen nur Impressionen und Klicks mit trackingId).',
    'performance.chartItem': 'Im Zeitverlauf: {title}', 'performance.chartRule': 'Im Zeitverlauf: {rule}',
    'performance.show': 'Diagramm', 'performance.showLabel': '{name} im Zeitverlauf zeigen', 'performance.numbers': 'Zahlen pro Tag',
    'performance.rulesHint': 'Eine Regel, deren CTR unter der CTR der übrigen Inhalte bleibt, zeigt Menschen, was sie seltener klicken: prüfen Sie ihre Punkte oder Bedingungen.',
    'performance.col.item': 'Inhalt', 'performance.col.format': 'Format', 'performance.col.impressions': 'Impressionen', 'performance.col.clicks': 'Klicks', 'performance.col.ctr': 'CTR',
    'performance.col.views': 'Aufrufe', 'performance.col.downloads': 'Downloads', 'performance.col.forms': 'Formulare', 'performance.col.influence': 'Danach weiter',
    'performance.col.rule': 'Regel', 'performance.col.version': 'Regelversion', 'performance.col.contributions': 'Beiträge (gezeigt)', 'performance.col.otherCtr': 'CTR der übrigen Inhalte',
    'performance.col.difference': 'Unterschied', 'performance.col.points': 'Vergebene Punkte', 'performance.col.averagePoints': 'Punkte im Schnitt', 'performance.col.day': 'Tag', 'performance.col.chart': 'Diagramm',
    'performance.higher': '▲ {points} Prozentpunkte höher', 'performance.lower': '▼ {points} Prozentpunkte niedriger', 'performance.same': '= gleich',
  },
};

const UPLOT = '/webjars/uplot/1.6.30/dist/';
const ITEM_SERIES = [['impressions', 'performance.col.impressions'], ['clicks', 'performance.col.clicks'], ['views', 'performance.col.views'], ['downloads', 'performance.col.downloads']];
const RULE_SERIES = [['impressions', 'performance.col.contributions'], ['clicks', 'performance.col.clicks']];

export async function render({ main, params, setParams, redraw }) {
  const range = new URLSearchParams();
  if (params.get('from')) range.set('from', params.get('from'));
  if (params.get('to')) range.set('to', params.get('to'));
  const [taxonomy, items, rules] = await Promise.all([
    get('/api/v1/taxonomy'), get(`/api/v1/insights/items?${range}`), get(`/api/v1/insights/rules?${range}`)]);
  const formats = new Map(taxonomy.formats.map(f => [f.id, f]));

  const form = h('form', { class: 'row filters', onsubmit: event => {
    event.preventDefault();
    const data = new FormData(form);
    setParams({ from: data.get('from'), to: data.get('to') });
    redraw();
  } },
    field('performance-from', t('performance.from'), h('input', { type: 'date', name: 'from', value: items.from })),
    field('performance-to', t('performance.to'), h('input', { type: 'date', name: 'to', value: items.to })),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, t('performance.apply'))));

  const itemChart = h('section', { id: 'item-chart', class: 'chart', 'aria-live': 'polite' });
  const ruleChart = h('section', { id: 'rule-chart', class: 'chart', 'aria-live': 'polite' });
  const chartItem = async itemId => {
    setParams({ item: itemId });
    const series = await get(`/api/v1/insights/items?${withParams(range, { item: itemId, by: 'day' })}`);
    const figures = series.items[0];
    await drawSeries(itemChart, t('performance.chartItem', { title: figures.title || itemId }), series.from, series.to, figures.groups, ITEM_SERIES);
  };
  const chartRule = async rule => {
    setParams({ rule: rule.rule, rulesVersion: rule.rulesVersion });
    const series = await get(`/api/v1/insights/rules?${withParams(range, { rule: rule.rule, rulesVersion: rule.rulesVersion, by: 'day' })}`);
    await drawSeries(ruleChart, t('performance.chartRule', { rule: rule.rule }), series.from, series.to, series.rules[0]?.groups || [], RULE_SERIES);
  };

  const number = (key, labelKey, extra = {}) => ({ key, label: t(labelKey), numeric: true, value: row => row[key], ...extra });
  const itemTable = sortableTable([
    { key: 'title', label: t('performance.col.item'), value: row => row.title || row.itemId,
      render: row => [row.title || row.itemId, h('div', { class: 'muted' }, h('code', { class: 'item-id' }, row.itemId))] },
    { key: 'format', label: t('performance.col.format'), value: row => label(formats.get(row.format)) || row.format || '' },
    number('impressions', 'performance.col.impressions'), number('clicks', 'performance.col.clicks'),
    number('ctr', 'performance.col.ctr', { render: row => percent(row.ctr) }),
    number('views', 'performance.col.views'), number('downloads', 'performance.col.downloads'), number('formSubmissions', 'performance.col.forms'),
    number('influence', 'performance.col.influence'),
    { key: 'chart', label: t('performance.col.chart'), value: () => 0, render: row => h('button', { type: 'button', class: 'secondary chart-item',
      'aria-label': t('performance.showLabel', { name: row.title || row.itemId }),
      onclick: () => chartItem(row.itemId).catch(inline(itemChart)) }, t('performance.show')) },
  ], items.items);
  itemTable.classList.add('items-table');

  const difference = row => (row.ctr === null || row.otherCtr === null ? null : row.ctr - row.otherCtr);
  const ruleTable = sortableTable([
    { key: 'rule', label: t('performance.col.rule'), value: row => row.rule, render: row => h('span', { class: 'rule-name' }, row.rule) },
    { key: 'rulesVersion', label: t('performance.col.version'), value: row => row.rulesVersion, render: row => h('code', {}, row.rulesVersion) },
    number('impressions', 'performance.col.contributions'), number('clicks', 'performance.col.clicks'),
    number('ctr', 'performance.col.ctr', { render: row => percent(row.ctr) }),
    number('otherCtr', 'performance.col.otherCtr', { render: row => percent(row.otherCtr) }),
    { key: 'difference', label: t('performance.col.difference'), numeric: true, value: difference, render: row => describeDifference(difference(row)) },
    number('pointsGiven', 'performance.col.points'), number('averagePoints', 'performance.col.averagePoints', { render: row => row.averagePoints ?? '–' }),
    { key: 'chart', label: t('performance.col.chart'), value: () => 0, render: row => h('button', { type: 'button', class: 'secondary chart-rule',
      'aria-label': t('performance.showLabel', { name: row.rule }),
      onclick: () => chartRule(row).catch(inline(ruleChart)) }, t('performance.show')) },
  ], rules.rules);
  ruleTable.classList.add('rules-table');

  replace(main,
    h('h1', {}, t('performance.title')),
    h('p', { class: 'hint' }, t('performance.intro')),
    form,
    h('p', {}, t('performance.window', { from: formatDay(items.from), to: formatDay(items.to) })),
    h('section', { id: 'items' }, h('h2', {}, t('performance.items', { count: items.items.length })),
      items.items.length ? [itemChart, itemTable] : h('p', { class: 'info' }, t('performance.noItems'))),
    h('section', { id: 'rules' }, h('h2', {}, t('performance.rules', { count: rules.rules.length })),
      rules.rules.length ? [h('p', { class: 'hint' }, t('performance.rulesHint')), ruleChart, ruleTable]
        : h('p', { class: 'info' }, t('performance.noRules'))));

  // the first view charts the chosen item and rule, or the most seen ones
  const item = items.items.find(i => i.itemId === params.get('item')) || items.items[0];
  const rule = rules.rules.find(r => r.rule === params.get('rule') && (!params.get('rulesVersion') || r.rulesVersion === params.get('rulesVersion')))
    || rules.rules[0];
  await Promise.all([item ? chartItem(item.itemId) : null, rule ? chartRule(rule) : null]);
}

function withParams(base, more) {
  const query = new URLSearchParams(base);
  for (const [key, value] of Object.entries(more)) query.set(key, value);
  return query;
}

function describeDifference(diff) {
  if (diff === null) return '–';
  const points = Math.abs(diff * 100).toFixed(1);
  if (points === '0.0') return t('performance.same');
  return t(diff > 0 ? 'performance.higher' : 'performance.lower', { points });
}

/** A chart of the days of the window (days without figures as 0) and the same numbers as a table. */
async function drawSeries(section, title, from, to, groups, series) {
  const days = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  const byDay = new Map(groups.map(g => [g.group, g]));
  const values = series.map(([key]) => days.map(d => byDay.get(d)?.[key] ?? 0));
  const plot = h('div', { class: 'plot' });
  const numbers = h('details', {}, h('summary', {}, t('performance.numbers')), h('div', { class: 'table-wrap' }, h('table', { class: 'data series' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('performance.col.day')), series.map(([, key]) => h('th', { scope: 'col', class: 'num' }, t(key))))),
    h('tbody', {}, days.filter(d => byDay.has(d)).map(d => h('tr', { dataset: { day: d } }, h('th', { scope: 'row' }, formatDay(d)),
      series.map(([key]) => h('td', { class: `num ${key}` }, String(byDay.get(d)[key])))))))));
  replace(section, h('h3', {}, title), plot, numbers);
  const uPlot = await loadUplot();
  const width = Math.max(320, Math.min(1100, section.clientWidth - 20));
  const colours = ['#0b5cad', '#b3261e', '#1e7a3c', '#8a5a00'];
  const dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]]; // the line style tells the series apart without colour
  // eslint-disable-next-line no-new
  new uPlot({
    width, height: 220,
    scales: { x: { time: true } },
    series: [{ label: t('performance.col.day') }, ...series.map(([, key], i) => ({ label: t(key), stroke: colours[i], dash: dashes[i], width: 2 }))],
    axes: [{}, { label: '' }],
  }, [days.map(d => Date.parse(`${d}T00:00:00Z`) / 1000), ...values], plot);
}

let uplotLoading = null;

/** uPlot from its WebJar, loaded once on first use (a script and a style element, same origin). */
function loadUplot() {
  if (globalThis.uPlot) return Promise.resolve(globalThis.uPlot);
  if (!uplotLoading) {
    uplotLoading = new Promise((resolve, reject) => {
      document.head.append(h('link', { rel: 'stylesheet', href: `${UPLOT}uPlot.min.css` }));
      const script = h('script', { src: `${UPLOT}uPlot.iife.min.js` });
      script.addEventListener('load', () => resolve(globalThis.uPlot));
      script.addEventListener('error', () => reject(new Error('uPlot could not be loaded')));
      document.head.append(script);
    });
  }
  return uplotLoading;
}

function inline(section) {
  return error => replace(section, h('p', { class: 'bad' }, error.message || String(error)));
}
