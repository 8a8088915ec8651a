// Small DOM helpers. Text always goes in as text (never as HTML), so a rule name or an item title
// can never become markup or script.
import { t } from './i18n.js';

/** h('a', {href: '/x', class: 'y'}, 'text', child, ...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/**
 * A table that sorts by a click on its column header (a button, so the keyboard works too; the
 * sort direction is also written as text, not only shown by an arrow).
 * columns: [{key, label, value: row => sortable value, render: row => node or text, numeric}]
 * onSort(key, ascending) is told after each click (e.g. to keep the order in the address).
 */
export function sortableTable(columns, rows, { caption, initial, onSort } = {}) {
  let sortKey = initial?.key ?? null;
  let ascending = initial?.ascending ?? true;
  const table = h('table', { class: 'data' });
  const draw = () => {
    const column = columns.find(c => c.key === sortKey);
    const sorted = column ? [...rows].sort((a, b) => compare(column.value(a), column.value(b)) * (ascending ? 1 : -1)) : rows;
    replace(table,
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', {
        scope: 'col', class: c.numeric ? 'num' : null,
        'aria-sort': c.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none',
      }, h('button', {
        type: 'button', class: 'sort',
        onclick: () => { ascending = c.key === sortKey ? !ascending : !c.numeric; sortKey = c.key; draw(); onSort?.(sortKey, ascending); },
      }, c.label, c.key === sortKey ? (ascending ? ' ▲' : ' ▼') : ''))))),
      h('tbody', {}, sorted.map(row => h('tr', {}, columns.map(c => h('td', { class: c.numeric ? 'num' : null },
        c.render ? c.render(row) : c.value(row)))))));
  };
  draw();
  return h('div', { class: 'table-wrap' }, h('p', { class: 'hint' }, t('table.sortHint')), table);
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** A labelled form field: label + control, connected by id (screen readers name the control). */
export function field(id, labelText, control) {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control);
}

export function select(options, selected, attributes = {}) {
  return h('select', attributes, options.map(o => h('option', { value: o.value, selected: o.value === selected }, o.label)));
}

/** A bar with its number written next to it: readable without colour. */
export function bar(value, max, text) {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = `${max > 0 ? Math.round((value / max) * 100) : 0}%`; // through the CSSOM: the page allows no inline styles
  return h('span', { class: 'bar' }, fill, h('span', { class: 'bar-text' }, text ?? String(value)));
}

export function percent(ratio) {
  return ratio === null || ratio === undefined ? '–' : `${(ratio * 100).toFixed(1)} %`;
}
