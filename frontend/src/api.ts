// Typed fetch wrapper for the CIPS JSON API (same origin, cookie session).
//
// - Every state-changing request carries the CSRF token in `X-CSRFToken`.
// - The token is fetched at start-up and refreshed from any JSON response
//   that includes `csrf_token`; on 400 `csrf_failed` it is refetched once and
//   the request retried.
// - Every error becomes an `ApiError` whose `message` is a human sentence
//   (the server's own message when it sent one).
// - A 401 on an ordinary call means the session has ended: the handler set
//   with `onSessionEnded` runs (the auth context sends the user to /login).

import type { components } from './generated/api';
import { language, t } from './i18n';

export const API_BASE = '/api/v1';

/** The API's shapes, generated from docs/openapi.json (scripts/gen-api.mjs): the server
 * dumps each answer through the model of the same name, so these cannot drift from it. */
export type Schemas = components['schemas'];

export type User = Schemas['UserOut'];
export type Affiliation = Schemas['UserAffiliation'];
export type Role = User['roles'][number];

/** Every refusal's body (`error`, `message`, and `field` on a 422). */
export type ErrorBody = Schemas['Error'];

/** Error codes the client itself produces (never sent by the server). */
export const NETWORK_ERROR = 'network_error';
export const TIMEOUT_ERROR = 'timeout';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: unknown;

  constructor(status: number, code: string, message: string, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }

  /** True when the server could not be reached at all. */
  get isNetwork(): boolean {
    return this.code === NETWORK_ERROR || this.code === TIMEOUT_ERROR;
  }
}

export interface RequestOptions {
  /** JSON-serialisable request body. */
  body?: unknown;
  /**
   * Set for calls where 401 is an expected answer (login, the start-up
   * session probe, logout): the session-ended handler is not run.
   */
  allow401?: boolean;
  /** Milliseconds before the request is abandoned. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let csrfPending: Promise<string> | null = null;
let sessionEndedHandler: ((err: ApiError) => void) | null = null;

/** Register what happens when an ordinary API call answers 401. */
export function onSessionEnded(handler: ((err: ApiError) => void) | null): void {
  sessionEndedHandler = handler;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Fetch a fresh CSRF token (concurrent callers share one request). */
export function fetchCsrfToken(): Promise<string> {
  if (!csrfPending) {
    csrfPending = send<Schemas['CsrfOut']>('GET', '/auth/csrf', { allow401: true })
      .then((data) => {
        csrfToken = data.csrf_token;
        return data.csrf_token;
      })
      .finally(() => {
        csrfPending = null;
      });
  }
  return csrfPending;
}

async function ensureCsrfToken(): Promise<string> {
  return csrfToken ?? fetchCsrfToken();
}

function fallbackMessage(status: number): string {
  if (status === 401) return t('common:http.unauthenticated');
  if (status === 403) return t('common:http.forbidden');
  if (status === 404) return t('common:http.notFound');
  if (status === 429) return t('common:http.tooMany');
  if (status >= 500) return t('common:http.serverError', { status });
  return t('common:http.failed', { status });
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error === 'string';
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One HTTP exchange, without CSRF retry or session handling. */
async function send<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
  // The server answers errors in the language the person reads the SPA in.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language() };
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (opts.body instanceof FormData) {
    init.body = opts.body; // multipart: the browser sets the boundary
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  if (UNSAFE_METHODS.has(method) && csrfToken) {
    headers['X-CSRFToken'] = csrfToken;
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onOuterAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onOuterAbort);
  init.signal = controller.signal;

  let res: Response;
  let text: string;
  try {
    res = await fetch(API_BASE + path, init);
    text = await res.text();
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    if (timedOut) {
      throw new ApiError(0, TIMEOUT_ERROR, t('common:http.timeout'));
    }
    throw new ApiError(0, NETWORK_ERROR, t('common:http.network'));
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }

  const data = parseJson(text);
  if (data && typeof data === 'object' && typeof (data as { csrf_token?: unknown }).csrf_token === 'string') {
    csrfToken = (data as { csrf_token: string }).csrf_token;
  }
  if (res.ok) return data as T;

  if (isErrorBody(data)) {
    throw new ApiError(res.status, data.error, data.message || fallbackMessage(res.status), data);
  }
  // A proxy or the dev server may answer with HTML when the backend is down.
  const code = res.status === 502 || res.status === 503 || res.status === 504 ? 'unavailable' : `http_${res.status}`;
  throw new ApiError(res.status, code, fallbackMessage(res.status), data);
}

/** Make an API call; resolves with the parsed JSON body or throws ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const unsafe = UNSAFE_METHODS.has(method);
  if (unsafe) await ensureCsrfToken();
  try {
    try {
      return await send<T>(method, path, opts);
    } catch (err) {
      if (unsafe && err instanceof ApiError && err.status === 400 && err.code === 'csrf_failed') {
        csrfToken = null;
        await fetchCsrfToken();
        return await send<T>(method, path, opts);
      }
      throw err;
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && !opts.allow401) {
      sessionEndedHandler?.(err);
    }
    throw err;
  }
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  // Bodies default to {} so the server always sees a JSON request.
  post: <T>(path: string, body: unknown = {}, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body: unknown = {}, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown = {}, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

// --- Auth endpoints -------------------------------------------------------

export async function login(username: string, password: string): Promise<User> {
  const data = await api.post<Schemas['SignedIn']>('/auth/login', { username, password }, { allow401: true });
  return data.user;
}

export async function logout(): Promise<void> {
  await api.post<Schemas['SignedOut']>('/auth/logout', undefined, { allow401: true });
}

/** The signed-in user, or null when there is no session. */
export async function fetchMe(opts: { probe: boolean }): Promise<User | null> {
  try {
    const data = await api.get<Schemas['UserAnswer']>('/auth/me', { allow401: opts.probe });
    return data.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** Keep the person's language (null: follow the browser) for every device and for what
 * the server writes in it. */
export async function saveLanguage(language: string | null): Promise<User> {
  const res = await request<Schemas['UserAnswer']>('PUT', '/auth/me/language', { body: { language } });
  return res.user;
}
