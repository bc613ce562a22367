import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from './api';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('the API client', () => {
  it('sends the CSRF token on writes and fetches a fresh one once when the server refuses it', async () => {
    const calls: { url: string; token?: string }[] = [];
    const answers = [
      answer(200, { csrf_token: 'first' }),
      answer(400, { error: 'csrf_failed', message: 'The CSRF token has expired.' }),
      answer(200, { csrf_token: 'second' }),
      answer(201, { ok: true }),
    ];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, token: (init.headers as Record<string, string>)['X-CSRFToken'] });
      return answers.shift()!;
    });
    await expect(request('POST', '/things', { body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(calls.map((c) => [c.url, c.token])).toEqual([
      ['/api/v1/auth/csrf', undefined],
      ['/api/v1/things', 'first'],
      ['/api/v1/auth/csrf', undefined],
      ['/api/v1/things', 'second'],
    ]);
  });

  it("turns the server's error into an ApiError with its code and sentence", async () => {
    vi.stubGlobal('fetch', async () =>
      answer(422, { error: 'invalid_data', message: 'name: too long', field: 'name' }),
    );
    const err = await request('GET', '/things').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect([(err as ApiError).status, (err as ApiError).code, (err as ApiError).message]).toEqual([
      422,
      'invalid_data',
      'name: too long',
    ]);
  });

  it('says the server cannot be reached when the network fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await request('GET', '/things').catch((e: unknown) => e)) as ApiError;
    expect(err.isNetwork).toBe(true);
  });
});
