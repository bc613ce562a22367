import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { canSee, findPage, landingPath } from '../access';
import { ApiError } from '../api';
import type { User } from '../api';
import { useAuth } from '../auth';
import { isSafeLocalPath, navigate, Redirect } from '../router';
import { t } from '../i18n';
import { LanguageSwitch } from '../components/LanguageSwitch';

/** The page requested before sign-in, if the user may see it; else home. */
function destinationFor(user: User, next: string | null): string {
  if (isSafeLocalPath(next)) {
    const path = next.split(/[?#]/)[0];
    const page = findPage(path);
    if (page && canSee(user, page)) return next;
  }
  return landingPath(user);
}

export function LoginPage({ search }: { search: string }) {
  const { user, notice, bootError, signIn } = useAuth();
  const next = new URLSearchParams(search).get('next');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('auth:title')} · CIPS`;
    usernameRef.current?.focus();
  }, []);

  // Already signed in (e.g. opened /login in a second tab): go on.
  if (user && !busy) return <Redirect to={destinationFor(user, next)} />;

  const onSubmit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const signedIn = await signIn(username.trim(), password);
      navigate(destinationFor(signedIn, next), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('auth:failed'));
      setPassword('');
      setBusy(false);
      // Let the button re-enable first, then put the cursor where it helps.
      setTimeout(() => (username.trim() ? passwordRef : usernameRef).current?.focus(), 0);
    }
  };

  const shownError = error ?? bootError;

  return (
    <div class="login-screen">
      <main class="login-card" id="main">
        <div class="login-language">
          <LanguageSwitch />
        </div>
        <p class="login-brand" aria-hidden="true">
          CIPS
        </p>
        <h1>{t('auth:title')}</h1>
        <p class="muted">{t('auth:systemName')}</p>
        {notice && !shownError && (
          <p class="message message--info" role="status">
            {notice}
          </p>
        )}
        {shownError && (
          <p class="message message--error" role="alert">
            {shownError}
          </p>
        )}
        <form class="login-form" onSubmit={onSubmit} noValidate aria-busy={busy}>
          <div class="field">
            <label for="username">{t('auth:username')}</label>
            <input
              id="username"
              name="username"
              type="text"
              ref={usernameRef}
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              autofocus
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
              aria-invalid={shownError ? true : undefined}
            />
          </div>
          <div class="field">
            <label for="password">{t('auth:password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              ref={passwordRef}
              autocomplete="current-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
              aria-invalid={shownError ? true : undefined}
            />
          </div>
          <button type="submit" class="button button--primary button--wide" disabled={busy}>
            {t('auth:submit')}
          </button>
          {busy && (
            <p class="muted small" role="status">
              {t('auth:signingIn')}
            </p>
          )}
        </form>
      </main>
    </div>
  );
}
