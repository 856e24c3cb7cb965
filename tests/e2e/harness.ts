/**
 * Browser-test harness: serves the built app, drives system Chromium through playwright-core,
 * and records what each page says and asks for so tests can insist on a quiet, offline page.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { startStaticServer, type StaticServer } from './static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The build under test: dist/, or GS_DIST (lets parallel work build into folders of its own). */
export const DIST = process.env.GS_DIST ? path.resolve(process.env.GS_DIST) : path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
/** URL prefix under which `startServer({ extra })` serves an additional folder (test datasets). */
export const EXTRA_PREFIX = '/__extra/';


/** The app's documented test interface (README): one object, `ready` replaced on route or dataset change. */
export interface GridSightHandle {
  map: MapLibreMap;
  ready: Promise<unknown>;
}
/** `window` as the app's page sees it. A cast, not a global declaration, so it never clashes with the app's own. */
export type AppWindow = Window & { __gridsight?: GridSightHandle };

export async function startServer(options: { extra?: string } = {}): Promise<StaticServer> {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`No build in ${DIST}: run "npx vite build" first.`);
  }
  const mounts: Record<string, string> = { '/': DIST };
  if (options.extra) mounts[EXTRA_PREFIX] = options.extra;
  return startStaticServer(mounts);
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or: apt-get install chromium fonts-noto-cjk)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface ConsoleRecord {
  type: string;
  text: string;
  url: string;
}

/** A page with everything it logged, threw and requested. */
export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  /** Console messages of type error or warning. */
  console: ConsoleRecord[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Every request URL, in order. */
  requests: string[];
  /**
   * Content-Security-Policy violations: the page's `securitypolicyviolation` events and the browser's "Refused to …
   * Content Security Policy" console errors, from the page and its workers. `useAppBrowser` fails a test that leaves
   * any; tests that provoke one on purpose read and clear this list.
   */
  cspViolations: string[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; locale?: string; bypassCSP?: boolean } = {},
): Promise<TrackedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1600, height: 1000 },
    deviceScaleFactor: 1,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // Only for tests that check a defence on its own, without the CSP behind it (the XSS test).
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const tracked: TrackedPage = {
    context,
    page,
    console: [],
    pageErrors: [],
    requests: [],
    cspViolations: [],
    close: () => context.close(),
  };
  await context.exposeBinding('__gsCspViolation', (_source, text: string) => tracked.cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __gsCspViolation?: (t: string) => void }).__gsCspViolation;
      report?.(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber}`);
    });
  });
  const cspConsole = (msg: ConsoleMessage) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) tracked.cspViolations.push(`console: ${msg.text()}`);
  };
  page.on('worker', (worker) => worker.on('console', cspConsole));
  page.on('console', (msg: ConsoleMessage) => {
    const type = msg.type();
    if (type === 'error' || type === 'warning') {
      tracked.console.push({ type, text: msg.text(), url: msg.location().url });
    }
    cspConsole(msg);
  });
  page.on('pageerror', (err) => tracked.pageErrors.push(err.stack ?? String(err)));
  // Context-level so that worker requests are seen too.
  context.on('request', (req) => tracked.requests.push(req.url()));
  return tracked;
}

/** What `useAppBrowser` gives a test file: its server and browser once `beforeAll` has run, and pages to open. */
export interface AppBrowser {
  readonly server: StaticServer;
  readonly browser: Browser;
  /** Opens a tracked page (see `openPage`); it is closed after the file, with the browser and server. */
  open(options?: Parameters<typeof openPage>[1]): Promise<TrackedPage>;
}

/**
 * One static server and one Chromium for a test file, and the pages opened through `open`: this registers a
 * `beforeAll` that starts the server and browser and an `afterAll` that closes the pages, the browser and the
 * server. Call it at a test file's top level. `extra` is called in that `beforeAll` and the folder it returns is
 * served at EXTRA_PREFIX. Vitest runs `beforeAll` hooks in the order they were registered and `afterAll` hooks in
 * reverse, so hooks a file registers before this call run before the server starts and after it has closed: that
 * is where to make (and remove) the folder `extra` gives.
 */
export function useAppBrowser(options: { extra?: () => string } = {}): AppBrowser {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const pages: TrackedPage[] = [];
  const notYet = (what: string) => new Error(`useAppBrowser: the ${what} is not started yet (use it in a test or a later hook).`);

  beforeAll(async () => {
    let extra: string | undefined;
    if (options.extra) {
      extra = options.extra();
      if (!extra) throw new Error('useAppBrowser: `extra` gave no folder; prepare it in a beforeAll registered before this call.');
    }
    server = await startServer({ extra });
    browser = await launchBrowser();
  });

  // Every browser test runs under the app's Content-Security-Policy (the static server sends it, the build carries
  // it in a <meta> tag): anything the policy blocks fails the test that caused it.
  afterEach(() => {
    const violations = pages.flatMap((p) => p.cspViolations.splice(0));
    if (violations.length > 0) throw new Error(`Content-Security-Policy violations:\n  ${violations.join('\n  ')}`);
  });

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    try {
      await browser?.close();
    } finally {
      await server?.close();
    }
  });

  const app: AppBrowser = {
    get server() {
      if (!server) throw notYet('server');
      return server;
    },
    get browser() {
      if (!browser) throw notYet('browser');
      return browser;
    },
    async open(pageOptions) {
      const tracked = await openPage(app.browser, pageOptions);
      pages.push(tracked);
      return tracked;
    },
  };
  return app;
}

/** Requests that leave `origin`; data: and blob: URLs stay in the page and are allowed. */
export function offOriginRequests(requests: string[], origin: string): string[] {
  return requests.filter((u) => !(u.startsWith('data:') || u.startsWith('blob:') || new URL(u).origin === origin));
}

export function assertSameOrigin(requests: string[], origin: string): void {
  const off = offOriginRequests(requests, origin);
  if (off.length > 0) {
    throw new Error(`${off.length} request(s) left ${origin}:\n  ${off.slice(0, 20).join('\n  ')}`);
  }
}

/** Throws with everything the page logged or threw unless it stayed quiet and on its own origin. */
export function assertClean(tracked: TrackedPage, origin: string): void {
  const problems = [
    ...tracked.console.map((m) => `console.${m.type}: ${m.text}${m.url ? ` (${m.url})` : ''}`),
    ...tracked.pageErrors.map((e) => `pageerror: ${e}`),
  ];
  if (problems.length > 0) throw new Error(`Page was not quiet:\n  ${problems.join('\n  ')}`);
  assertSameOrigin(tracked.requests, origin);
}

/**
 * Waits until the app exposes `window.__gridsight.ready`, then until that promise settles; returns what it
 * resolved with (the app documents a plain `{ ok, error? }` object).
 */
export async function waitReady(page: Page, timeout = 90_000): Promise<unknown> {
  await page.waitForFunction(() => (window as AppWindow).__gridsight?.ready, undefined, { timeout });
  return page.evaluate(() => (window as AppWindow).__gridsight!.ready);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
