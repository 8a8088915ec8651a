// The login page: messages and labels in the chosen language; the form itself works without script.
import { addTexts, chooseLanguage, language, setLanguage, t, translateStatic } from './i18n.js';

addTexts({
  en: {
    intro: 'The console shows what the rules recommend, and why.',
    name: 'Your name (recorded with every change you deploy)', token: 'Admin token or API key', submit: 'Log in',
    hint: 'An API key gives read access (marketer); the admin token also lets you try and deploy rule changes.',
    'message.token': 'This token is neither the admin token nor an API key of this service.',
    'message.name': 'Please enter your name (up to 80 characters).',
    'message.expired': 'Your session has ended. Please log in again.',
    'message.bye': 'You are logged out.',
  },
  de: {
    intro: 'Die Konsole zeigt, was die Regeln empfehlen, und warum.',
    name: 'Ihr Name (wird bei jeder Änderung, die Sie live schalten, festgehalten)', token: 'Admin-Token oder API-Schlüssel', submit: 'Anmelden',
    hint: 'Ein API-Schlüssel erlaubt das Lesen (Marketing); mit dem Admin-Token können Sie außerdem Regeländerungen testen und live schalten.',
    'message.token': 'Dieses Token ist weder das Admin-Token noch ein API-Schlüssel dieses Dienstes.',
    'message.name': 'Bitte geben Sie Ihren Namen ein (bis zu 80 Zeichen).',
    'message.expired': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    'message.bye': 'Sie sind abgemeldet.',
  },
});

const params = new URLSearchParams(location.search);
document.getElementById('next').value = params.get('next') || '/console/playground';
const languageSelect = document.getElementById('lang');

function draw() {
  translateStatic();
  document.title = `${t('submit')} – Wegweiser`;
  const key = params.get('error') ? 'message.' + params.get('error') : params.get('bye') ? 'message.bye' : null;
  const message = document.getElementById('message');
  message.hidden = !key;
  message.className = params.get('error') ? 'error' : 'info';
  if (key) message.textContent = t(key);
}

setLanguage(chooseLanguage());
languageSelect.value = language();
languageSelect.addEventListener('change', () => { setLanguage(languageSelect.value); draw(); });
draw();
