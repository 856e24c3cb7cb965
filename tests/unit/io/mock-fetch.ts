/** A fetch stand-in for the server API tests: answers by "METHOD url", records every request. */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = Response | (() => Response) | Error;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });

export const html = (status: number, text = '<!doctype html><title>GridSight</title>'): Response =>
  new Response(text, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

/**
 * @example const f = mockFetch({ 'GET ./api/session': json(401, { error: 'not logged in' }) })
 */
export function mockFetch(answers: Record<string, Answer>) {
  const calls: Recorded[] = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(
      Object.entries((init.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    calls.push({ method, url, headers, body: init.body });
    const answer = answers[`${method} ${url}`];
    if (answer === undefined)
      return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer() : answer.clone();
  }) as typeof fetch;
  return { fetch: fn, calls };
}
