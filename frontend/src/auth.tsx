// Session context: who is signed in, sign-in/sign-out, and what happens when
// the server says the session has ended.

import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, fetchCsrfToken, fetchMe, login, logout, onSessionEnded } from './api';
import type { User } from './api';
import { language, setLanguage, supported, t } from './i18n';
import { navigate } from './router';

/** Shown on the sign-in page when the server ended the session. */
export const sessionEndedMessage = () => t('common:sessionEnded');

export interface AuthContextValue {
  /** "loading" until the start-up session check has answered. */
  status: 'loading' | 'ready';
  user: User | null;
  /** Informational message for the sign-in page (e.g. session ended). */
  notice: string | null;
  /** Error from start-up (server unreachable), shown on the sign-in page. */
  bootError: string | null;
  signIn(username: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  /** Re-check the session with the server (401 sends the user to /login). */
  revalidate(): Promise<void>;
  clearMessages(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth() used outside <AuthProvider>');
  return ctx;
}

/** For pages behind the route guard, where a user is always present. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser() used on a page without a signed-in user');
  return user;
}

function sameUser(a: User | null, b: User | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : t('common:somethingWrong');
}

export function AuthProvider({ children }: { children: ComponentChildren }) {
  const [status, setStatus] = useState<'loading' | 'ready'>('loading');
  const [user, setUserState] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const userRef = useRef<User | null>(null);

  const setUser = useCallback((next: User | null) => {
    if (sameUser(userRef.current, next)) return;
    // A person's saved language follows them to every device.
    if (next?.language && supported(next.language) !== language()) void setLanguage(next.language);
    userRef.current = next;
    setUserState(next);
  }, []);

  // Start-up: CSRF token first (it may create the session cookie, which the
  // probe must then carry), then the session probe.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        await fetchCsrfToken().catch(() => undefined); // retried before the first POST
        const me = await fetchMe({ probe: true });
        if (!cancelled) setUser(me);
      } catch (err) {
        if (!cancelled) setBootError(messageOf(err));
      }
      if (!cancelled) setStatus('ready');
    })();
    return () => {
      cancelled = true;
    };
  }, [setUser]);

  // Any 401 from an ordinary API call: back to /login with a message.
  useEffect(() => {
    onSessionEnded(() => {
      if (!userRef.current) return;
      setUser(null);
      setNotice(sessionEndedMessage());
      const { pathname, search } = window.location;
      const next = pathname === '/login' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
      navigate(`/login${next}`, { replace: true });
    });
    return () => onSessionEnded(null);
  }, [setUser]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      setNotice(null);
      setBootError(null);
      const signedIn = await login(username, password);
      setUser(signedIn);
      return signedIn;
    },
    [setUser],
  );

  const signOut = useCallback(async () => {
    let message: string | null = null;
    try {
      await logout();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) {
        message = t('common:signOutUnsure', { reason: messageOf(err) });
      }
    }
    setUser(null);
    setNotice(null);
    setBootError(message);
    navigate('/login');
  }, [setUser]);

  const revalidate = useCallback(async () => {
    const before = userRef.current;
    if (!before) return;
    try {
      const me = await fetchMe({ probe: false });
      // Ignore answers that arrive after a sign-out or a change of user.
      if (me && userRef.current && userRef.current.id === me.id) setUser(me);
    } catch {
      // Network trouble is not a reason to sign the user out.
    }
  }, [setUser]);

  const clearMessages = useCallback(() => {
    setNotice(null);
    setBootError(null);
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ status, user, notice, bootError, signIn, signOut, revalidate, clearMessages }),
    [status, user, notice, bootError, signIn, signOut, revalidate, clearMessages],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
