// Texts of the console in German and English. Every page registers its own texts next to its code;
// t(key, values) looks a key up in the chosen language and fills in {name} placeholders.

const texts = { de: {}, en: {} };
export const LANGUAGES = ['de', 'en'];

export function addTexts(more) {
  for (const lang of LANGUAGES) Object.assign(texts[lang], more[lang] || {});
}

/** The language of this view: the link's ?lang= first (links are shared), then the last choice, then the browser. */
export function chooseLanguage() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (LANGUAGES.includes(fromUrl)) return fromUrl;
  const stored = localStorage.getItem('wegweiser.lang');
  if (LANGUAGES.includes(stored)) return stored;
  return (navigator.language || 'en').toLowerCase().startsWith('de') ? 'de' : 'en';
}

let current = 'en';

export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  localStorage.setItem('wegweiser.lang', current);
  document.documentElement.lang = current;
}

export function language() {
  return current;
}

export function t(key, values = {}) {
  const text = texts[current][key] ?? texts.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

/** Fills every element with data-i18n="key" (static parts of the HTML). */
export function translateStatic(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
}

/** An instant (ISO-8601) as date and time in the chosen language; a dash when there is none. */
export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString(current) : '–';
}

/** A day (YYYY-MM-DD, UTC) as a date in the chosen language. */
export function formatDay(iso) {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(current, { timeZone: 'UTC' });
}

/** A taxonomy entry ({id, de, en}) in the chosen language. */
export function label(entry) {
  if (!entry) return '';
  return entry[current] || entry.en || entry.id;
}

addTexts({
  en: {
    skip: 'Skip to content', language: 'Language', logout: 'Log out',
    'nav.playground': 'Playground', 'nav.try': 'Try a change', 'nav.journey': 'Journey', 'nav.gaps': 'Content gaps',
    'nav.performance': 'Performance', 'nav.accounts': 'Accounts', 'nav.status': 'Status', 'nav.catalog': 'Catalog',
    'who.admin': '{name} (admin)', 'who.marketer': '{name} (marketer, read only)',
    'error.title': 'That did not work', 'error.network': 'The service did not answer. Is it running? ({detail})',
    'error.fields': 'What to correct:', 'error.status': 'The service answered {status}.',
    'error.forbidden': 'You may not do this with your login: {detail}',
    'error.needsAdmin': 'This page needs a login with the admin token.',
    'error.off': 'This part of the service is switched off: {detail}',
    loading: 'Loading …', none: 'none', yes: 'yes', no: 'no', points: 'points', score: 'Score',
    'table.sortHint': 'Click a column header to sort.',
  },
  de: {
    skip: 'Zum Inhalt springen', language: 'Sprache', logout: 'Abmelden',
    'nav.playground': 'Ausprobieren', 'nav.try': 'Änderung testen', 'nav.journey': 'Customer Journey', 'nav.gaps': 'Content-Lücken',
    'nav.performance': 'Wirkung', 'nav.accounts': 'Accounts', 'nav.status': 'Status', 'nav.catalog': 'Katalog',
    'who.admin': '{name} (Admin)', 'who.marketer': '{name} (Marketing, nur lesen)',
    'error.title': 'Das hat nicht geklappt', 'error.network': 'Der Dienst antwortet nicht. Läuft er? ({detail})',
    'error.fields': 'Bitte korrigieren:', 'error.status': 'Der Dienst antwortete mit {status}.',
    'error.forbidden': 'Mit Ihrer Anmeldung ist das nicht erlaubt: {detail}',
    'error.needsAdmin': 'Diese Seite braucht eine Anmeldung mit dem Admin-Token.',
    'error.off': 'Dieser Teil des Dienstes ist ausgeschaltet: {detail}',
    loading: 'Wird geladen …', none: 'keine', yes: 'ja', no: 'nein', points: 'Punkte', score: 'Punktzahl',
    'table.sortHint': 'Klicken Sie auf eine Spaltenüberschrift, um zu sortieren.',
  },
});
