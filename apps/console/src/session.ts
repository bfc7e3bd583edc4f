import { Api, ok } from './api';
import { isLanguage, type Language } from './i18n';
import type { SessionView } from './views';

export type Role = 'admin' | 'officer' | 'coordinator';

/** Who the signed-in token belongs to, as `GET /session` answers. */
export type Who = SessionView;

export interface Session {
  token: string;
  who: Who;
  api: Api;
}

// The token lives in sessionStorage: gone when the tab closes, never written into a URL.
const TOKEN_KEY = 'iren.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Asks the gateway whose token this is; rejects with an IrenApiError (401 for a token it refuses). */
export async function whoIs(token: string): Promise<Who> {
  return ok(new Api(token).client.GET('/api/v1/session'));
}

/**
 * The language a user chose is remembered per node and token, so two officers sharing a laptop
 * each keep theirs. The key holds a short hash of the token, never the token: not a secret-keeping
 * digest (crypto.subtle needs HTTPS, and a port office may reach the gateway over plain HTTP), just
 * 32 bits that tell tokens apart and reveal nothing usable of one.
 */
function languageKey(session: { token: string; who: Who }): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < session.token.length; i++) {
    hash = Math.imul(hash ^ session.token.charCodeAt(i), 0x01000193) >>> 0;
  }
  return `iren.lang.${session.who.nodeId ?? 'admin'}.${hash.toString(16)}`;
}

export function rememberedLanguage(session: { token: string; who: Who }): Language | null {
  const stored = localStorage.getItem(languageKey(session));
  return isLanguage(stored) ? stored : null;
}

export function rememberLanguage(session: { token: string; who: Who }, lang: Language): void {
  localStorage.setItem(languageKey(session), lang);
}

/** The browser's preferred language when the user has not chosen one. */
export function browserLanguage(): Language {
  return navigator.languages?.some((tag) => tag.toLowerCase().startsWith('ru')) ? 'ru' : 'en';
}
