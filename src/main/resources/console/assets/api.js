// Calls to the service's API with the console session (a cookie) instead of a token. Writes carry
// the session's CSRF token. Errors become an ApiError whose message is plain words, never raw JSON.
import { t } from './i18n.js';

let csrf = null;

export function useSession(session) {
  csrf = session.csrf;
}

export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem;
  }

  /** The field errors of a problem+json body: [{field, message}]. */
  get fieldErrors() {
    return this.problem?.errors ?? [];
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, null, t('error.network', { detail: e.message }));
  }
  if (response.status === 401 && path !== '/console/session') {
    // the session expired: log in again and come back here
    location.assign('/console/login?error=expired&next=' + encodeURIComponent(location.pathname + location.search));
    throw new ApiError(401, null, t('error.network', { detail: 'session expired' }));
  }
  const type = response.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof parsed === 'object' ? parsed : null, describe(response.status, parsed));
  return parsed;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body);

function describe(status, problem) {
  if (!problem || typeof problem !== 'object') return t('error.status', { status });
  const detail = problem.detail || problem.title || t('error.status', { status });
  if (status === 403) return t('error.forbidden', { detail });
  if (status === 404 && /switched off/.test(detail)) return t('error.off', { detail });
  return detail;
}
