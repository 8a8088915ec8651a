// The console's shell: who is logged in, the navigation, the language, and the page's own script.
// Each page lives in pages/<name>.js and exports render(context); its state is in the URL's query,
// so every view can be bookmarked and shared.
import { addTexts, chooseLanguage, language, setLanguage, t, translateStatic } from './i18n.js';
import { ApiError, api, useSession } from './api.js';
import { h, replace } from './dom.js';

const PAGES = ['playground', 'try', 'journey', 'gaps', 'performance', 'accounts', 'status', 'catalog'];
const page = location.pathname.split('/')[2];

async function main() {
  setLanguage(chooseLanguage());
  let session;
  try {
    session = await api('GET', '/console/session');
  } catch (e) {
    location.assign('/console/login?error=expired&next=' + encodeURIComponent(location.pathname + location.search));
    return;
  }
  useSession(session);
  document.querySelector('#logout input[name=csrf]').value = session.csrf;
  const module = await import(`./pages/${page}.js`);
  if (module.texts) addTexts(module.texts);

  const languageSelect = document.getElementById('lang');
  languageSelect.value = language();
  languageSelect.addEventListener('change', () => {
    setLanguage(languageSelect.value);
    setParams({ lang: language() });
    draw();
  });

  const draw = () => {
    translateStatic();
    document.title = `${t('nav.' + page)} – Wegweiser`;
    replace(document.getElementById('who'), t('who.' + session.role, { name: session.name }));
    replace(document.getElementById('nav'), h('ul', {}, PAGES.map(name => h('li', {}, h('a', {
      href: `/console/${name}?lang=${language()}`,
      'aria-current': name === page ? 'page' : null,
    }, t('nav.' + name))))));
    hideError();
    const mainElement = document.getElementById('main');
    replace(mainElement, h('p', { class: 'loading' }, t('loading')));
    Promise.resolve(module.render({ main: mainElement, session, params: new URLSearchParams(location.search), setParams, showError, redraw: draw }))
      .catch(showError);
  };
  draw();
}

/** Writes the view's state into the address (replace, not push: the back button leaves the page). */
export function setParams(values) {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) params.delete(key);
    else if (Array.isArray(value)) { params.delete(key); value.forEach(v => params.append(key, v)); }
    else params.set(key, value);
  }
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

/** An error in plain words at the top of the page, with the fields to correct. */
export function showError(error) {
  const box = document.getElementById('error');
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  replace(box, h('strong', {}, t('error.title')), ' ', h('span', {}, error.message || String(error)),
    fields.length ? h('ul', {}, fields.map(f => h('li', {}, h('code', {}, f.field), ': ', f.message))) : null);
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

function hideError() {
  document.getElementById('error').hidden = true;
}

main().catch(showError);
