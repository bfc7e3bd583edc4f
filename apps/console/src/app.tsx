import { useCallback, useEffect, useState } from 'preact/hooks';
import { Api, IrenApiError } from './api';
import { I18nProvider, type Language, LANGUAGES, useI18n } from './i18n';
import type { RouteDef } from './page';
import { href, matchPath, navigate, useHashPath } from './router';
import { ROUTES } from './routes';
import {
  browserLanguage,
  forgetToken,
  rememberedLanguage,
  rememberLanguage,
  type Session,
  storedToken,
  storeToken,
  whoIs,
} from './session';

type Phase = { kind: 'checking' } | { kind: 'signed-out'; problem?: string } | { kind: 'signed-in'; session: Session };

/** The console: sign-in until a token is accepted, then the pages of the signed-in role. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [lang, setLang] = useState<Language>(browserLanguage);

  const signOut = useCallback((problem?: string) => {
    forgetToken();
    setPhase({ kind: 'signed-out', problem });
  }, []);

  const signIn = useCallback(
    async (token: string) => {
      try {
        const who = await whoIs(token);
        storeToken(token);
        const api = new Api(token, () => signOut('error.401'));
        setLang(rememberedLanguage({ token, who }) ?? browserLanguage());
        setPhase({ kind: 'signed-in', session: { token, who, api } });
      } catch (error) {
        forgetToken();
        const refused = error instanceof IrenApiError && (error.status === 401 || error.status === 403);
        setPhase({ kind: 'signed-out', problem: refused ? 'signin.refused' : errorText(error) });
      }
    },
    [signOut],
  );

  useEffect(() => {
    const token = storedToken();
    if (token) void signIn(token);
    else setPhase({ kind: 'signed-out' });
  }, [signIn]);

  const chooseLanguage = (next: Language) => {
    setLang(next);
    if (phase.kind === 'signed-in') rememberLanguage(phase.session, next);
  };

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <I18nProvider lang={lang}>
      {phase.kind === 'signed-in' ? (
        <Shell session={phase.session} onLanguage={chooseLanguage} onSignOut={() => signOut()} />
      ) : (
        <SignIn
          checking={phase.kind === 'checking'}
          problem={phase.kind === 'signed-out' ? phase.problem : undefined}
          onLanguage={chooseLanguage}
          onSignIn={signIn}
        />
      )}
    </I18nProvider>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function LanguageSwitch({ onLanguage }: { onLanguage: (lang: Language) => void }) {
  const { t, lang } = useI18n();
  return (
    <label class="language">
      <span>{t('shell.language')}</span>
      <select value={lang} onChange={(event) => onLanguage(event.currentTarget.value as Language)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {code === 'en' ? 'English' : 'Русский'}
          </option>
        ))}
      </select>
    </label>
  );
}

function SignIn(props: {
  checking: boolean;
  problem?: string;
  onLanguage: (lang: Language) => void;
  onSignIn: (token: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const problem =
    props.problem === 'signin.refused' || props.problem === 'error.401'
      ? t(props.problem)
      : props.problem && t('signin.failed', { error: props.problem });
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    await props.onSignIn(token.trim());
    setBusy(false);
  };
  return (
    <main id="main" class="signin">
      <form class="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{t('app.title')}</h1>
        <h2>{t('signin.title')}</h2>
        <p>{t('signin.intro')}</p>
        <label for="token">{t('signin.token')}</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          aria-describedby={problem ? 'signin-problem' : undefined}
        />
        {problem && (
          <p id="signin-problem" class="problem" role="alert">
            {problem}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy || props.checking}>
            {props.checking ? t('common.loading') : t('signin.submit')}
          </button>
          <LanguageSwitch onLanguage={props.onLanguage} />
        </div>
      </form>
    </main>
  );
}

function Shell(props: { session: Session; onLanguage: (lang: Language) => void; onSignOut: () => void }) {
  const { t, code } = useI18n();
  const path = useHashPath();
  const { who } = props.session;
  const allowed = ROUTES.filter((route) => route.roles.includes(who.role));
  const navigation = allowed.filter((route): route is RouteDef & { nav: NonNullable<RouteDef['nav']> } => !!route.nav);
  const found = allowed
    .map((route) => ({ route, params: matchPath(route.path, path) }))
    .find((candidate) => candidate.params !== null);

  useEffect(() => {
    if (path === '' && navigation[0]) navigate(navigation[0].path);
  }, [path, navigation]);

  const Page = found?.route.page;
  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        {t('app.skip')}
      </a>
      <header class="top">
        <span class="brand">{t('app.title')}</span>
        <nav aria-label={t('shell.navigation')}>
          <ul>
            {navigation.map((route) => (
              <li key={route.path}>
                <a
                  href={href(route.path)}
                  aria-current={path === route.path || path.startsWith(`${route.path}/`) ? 'page' : undefined}
                >
                  {t(route.nav)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who" data-testid="who">
          {who.nodeId
            ? t('shell.signedInAs', { role: code('role', who.role), node: who.nodeName ?? who.nodeId })
            : t('shell.admin')}
        </span>
        <LanguageSwitch onLanguage={props.onLanguage} />
        <button type="button" class="secondary" onClick={props.onSignOut}>
          {t('shell.signout')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {Page && found?.params ? (
          <Page session={props.session} params={found.params} />
        ) : (
          path !== '' && <p>{t('shell.notFound')}</p>
        )}
      </main>
    </>
  );
}

/** The skip link moves focus, not the hash: the hash is the router's. */
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
