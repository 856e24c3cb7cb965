/**
 * The HTTP face of the server (Fastify): the API of docs/server-api.md and, when given the built app, the app
 * itself. Every route states who may call it (access.ts) and validates its body and parameters by JSON schema;
 * every error answers `{ error: "<one line>" }` without a stack trace.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INCIDENT_ACTIONS, type IncidentAction } from '../domain/incident-lifecycle';
import { maskPhone } from '../domain/privacy';
import { personalScrubber } from '../domain/wall-privacy';
import { DATASET_FILES } from '../domain/types';
import { datasetStats } from '../geo/dataset-stats';
import { loadDataset } from '../io/dataset';
import { VERSION_HEADER } from '../io/server-version';
import { contentSecurityPolicy, CSP_HEADER } from './csp.mjs';
import { can, inOwnGrids, type Permission } from './access';
import { auditEntries } from './audit';
import { audit } from './audit';
import { accountProblem, createUser, login, logout, publicUser, sessionUser, SESSION_COOKIE, SESSION_HOURS, tokenHash, userRow, type User } from './auth';
import type { Db } from './db';
import { dbSource, featureCollectionLines, getVersion, headVersion, liveFileText, listVersions, manifestText, revision, versionFiles, etagOf, LIVE_FILES, type LiveFile } from './datasets';
import { ChangeBus } from './events';
import { forget, remember } from './memo';
import { actOnIncident, getIncident, reportIncident, uploadPatrol, type PatrolBody, type ReportBody } from './incidents';
import { ROLES, type Role } from './migrations';
import { hashPassword, passwordProblem } from './passwords';
import { applyImport, type ImportBody } from './data-import';
import { ApiError, decideProposal, listProposals, proposalZip, submitProposal, type Decision } from './proposals';

export interface ServerOptions {
  db: Db;
  /** The built app (dist/); without it the server answers the API only. */
  distDir?: string;
  /** Fastify's logger: true for request logs on stdout. Default false. */
  logger?: boolean;
  /** Largest JSON body. Default 1 MiB (a patrol track of ~20 000 positions). */
  bodyLimit?: number;
  /** Largest proposal zip. Default 64 MiB. */
  zipLimit?: number;
  /** config.json's `basemaps`, checked at start (basemaps.ts: GS_BASEMAPS). Default none. */
  basemaps?: readonly unknown[];
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

const FILE_NAMES = ['dataset.json', ...DATASET_FILES] as const;
/**
 * How long a session lookup is kept. Logout and account changes through this server take effect at once; a change
 * made elsewhere (another process, SQL) within this time.
 */
const SESSION_TTL_MS = 10_000;
/** How long the head version, the revisions and a manifest are kept when nothing in this process changed them. */
const HEAD_TTL_MS = 1_000;
/** incidents.geojson and patrols.geojson are rebuilt at most this often under a stream of writes. */
const LIVE_REBUILD_MS = 500;
/** Change events of incidents and patrols go out this long after the write: any build a reader then gets has it. */
const LIVE_EVENT_DELAY_MS = LIVE_REBUILD_MS + 100;
const VERSION_PARAM = { type: 'string', pattern: '^[0-9]{1,9}$' } as const;
const ID_PARAM = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$' } as const;

/** Which form of members.json and incident titles a role gets (the file's ETag differs per form). */
function privacyClass(role: Role): 'full' | 'masked' | 'anonymous' {
  if (can(role, 'members.phones')) return 'full';
  return can(role, 'members.names') ? 'masked' : 'anonymous';
}

interface Member {
  name: string;
  phone?: string;
  [k: string]: unknown;
}

/** members.json for a role: as stored (admin), names with masked phones, or neither (leader, wall). */
export function membersFor(role: Role, text: string): string {
  const cls = privacyClass(role);
  if (cls === 'full') return text;
  const members = JSON.parse(text) as Member[];
  const out = members.map((m) => {
    const { phone, ...rest } = m;
    if (cls === 'anonymous') return { ...rest, name: '—' };
    return phone ? { ...rest, phone: maskPhone(String(phone)) } : rest;
  });
  return `[\n${out.map((m) => JSON.stringify(m)).join(',\n')}\n]\n`;
}

/** incidents.geojson for leader and wall: titles with members' names and phone or ID numbers blanked. */
function scrubTitles(text: string, memberNames: string[]): string {
  const scrub = personalScrubber(memberNames);
  const fc = JSON.parse(text) as { features: { properties: { title?: string } }[] };
  return featureCollectionLines(
    fc.features.map((f) => JSON.stringify(f.properties.title ? { ...f, properties: { ...f.properties, title: scrub(f.properties.title) } } : f)),
  );
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; bus: ChangeBus }> {
  const { db } = options;
  const bus = new ChangeBus();
  // Imported here, not at the top: the CLI bundle holds this module, and its other commands need no web server.
  const [{ default: Fastify }, { default: fastifyCookie }, { default: fastifyStatic }] = await Promise.all([
    import('fastify'),
    import('@fastify/cookie'),
    import('@fastify/static'),
  ]);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 2 ** 20,
    // Strict bodies: a wrong type is an error, not coerced; unknown fields are refused, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    trustProxy: false,
    // Closing ends every connection, the change streams (which never end by themselves) included: a stopped server
    // does not wait for the walls to go away.
    forceCloseConnections: true,
  });
  await app.register(fastifyCookie);
  app.decorateRequest('user', null);

  app.addContentTypeParser('application/zip', { parseAs: 'buffer', bodyLimit: options.zipLimit ?? 64 * 2 ** 20 }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; validationContext?: string; code?: string }, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send({ error: err.message });
    if (err.validation) return reply.code(400).send({ error: `${err.validationContext ?? 'request'} ${err.message.replace(/^(body|params|querystring)\/?/, '').trim()}`.trim() });
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error(err);
    const message =
      status === 413 ? 'the request body is too large' : status === 415 ? 'unsupported content type: send application/json' : status === 500 ? 'internal server error' : err.message.split('\n')[0];
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no such path: ${req.method} ${req.url.split('?')[0].slice(0, 200)}` }));

  // Security headers on every answer; the policy of the app's pages (src/server/csp.mjs) as a header, made once
  // here: a bad GS_TILE_ORIGINS stops the server at start, not every answer after it.
  const policy = contentSecurityPolicy();
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header(CSP_HEADER, policy);
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', reply.getHeader('Cache-Control') ?? 'no-store');
    return payload;
  });

  app.addHook('onRequest', async (req, reply) => {
    // Static files (the app itself, the login page) need no session.
    if (req.url.startsWith('/api/')) {
      const token = req.cookies[SESSION_COOKIE];
      req.user = token ? await remember(db.memo, `session:${tokenHash(token)}`, SESSION_TTL_MS, () => sessionUser(db, token)) : null;
    }
    // A write from another site's page (a form posting to us) is refused before anything is read.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const origin = req.headers.origin;
      if (origin && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
        return reply.code(403).send({ error: `requests from ${origin.slice(0, 100)} are not accepted` });
      }
    }
  });

  /**
   * The session's user, or an answer: 401 without a session, 403 without the permission. A route's onRequest hook:
   * it runs before the body is read or validated, so a caller without the right learns nothing of the schema.
   */
  const need = (permission: Permission) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user) return reply.code(401).send({ error: 'log in first' });
    if (!can(req.user.role, permission)) return reply.code(403).send({ error: `the role ${req.user.role} may not do this (${permission})` });
  };
  const user = (req: FastifyRequest) => req.user as User;

  // ---- session ----------------------------------------------------------------------------------------------
  // Nobody logged in is an answer, not an error (a 401 here would put an error in the console of every login page).
  app.get('/api/session', async (req) => ({ user: req.user ? publicUser(req.user) : null }));
  app.post(
    '/api/session',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 40 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
        },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body as { username: string; password: string };
      const r = await login(db, username, password, req.ip);
      if (!r.ok) {
        await audit(db, username, 'session.login-failed', `user ${username}`, null, { address: req.ip, status: r.status });
        if (r.retryAfter) reply.header('Retry-After', String(r.retryAfter));
        return reply.code(r.status).send({ error: r.error });
      }
      await audit(db, r.user.username, 'session.login', `user ${r.user.username}`, null, { address: req.ip });
      reply.setCookie(SESSION_COOKIE, r.token, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: SESSION_HOURS * 3600, secure: req.protocol === 'https' });
      return { user: publicUser(r.user) };
    },
  );
  app.delete('/api/session', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      await logout(db, token);
      forget(db.memo, `session:${tokenHash(token)}`);
    }
    if (req.user) await audit(db, req.user.username, 'session.logout', `user ${req.user.username}`, null, null);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  // ---- the data contract ----------------------------------------------------------------------------------
  const configJson = { data: './api/data/current/', datasets: [], server: true, basemaps: options.basemaps ?? [] };
  app.get('/config.json', async () => configJson);

  /** Sends `body` with its ETag, or 304 when the browser has it. Private: the answer depends on the session. */
  const sendFile = (req: FastifyRequest, reply: FastifyReply, file: string, body: string | Buffer, etag: string) => {
    reply.header('ETag', etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Cookie');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    reply.type(file.endsWith('.csv') ? 'text/csv; charset=utf-8' : file.endsWith('.geojson') ? 'application/geo+json; charset=utf-8' : 'application/json; charset=utf-8');
    return reply.send(body);
  };

  // Built files of the live tables, by (file, privacy class). The promise is kept, not the text, so readers who
  // arrive during a build wait for that one build instead of each starting their own. Under a stream of writes the
  // file is rebuilt at most every LIVE_REBUILD_MS (measured: 20 writers made 60 builds a second, each a 3k-row
  // query, and readers queued behind them for seconds); change events wait a little longer (LIVE_EVENT_DELAY_MS),
  // so a browser told of a write always reads a file built after it.
  const liveCache = new Map<string, { rev: number; version: number; started: number; built: Promise<{ body: Buffer; etag: string }> }>();
  /** Tells listeners of a write to a live table, once a file built after it is what readers get. */
  const emitLive = (kind: 'incidents' | 'patrols', revision: number) => {
    setTimeout(() => bus.emit({ kind, revision }), LIVE_EVENT_DELAY_MS).unref();
  };
  const memberNames = async (version: number) => {
    const m = (await versionFiles(db, version)).get('members.json');
    return m ? (JSON.parse(m.body) as Member[]).map((x) => String(x.name)) : [];
  };

  const serveFile = async (req: FastifyRequest, reply: FastifyReply, versionId: number | null) => {
    const { file } = req.params as { file: string };
    const version =
      versionId === null ? await remember(db.memo, 'head', HEAD_TTL_MS, () => headVersion(db)) : await remember(db.memo, `version:${versionId}`, HEAD_TTL_MS, () => getVersion(db, versionId));
    if (!version) return reply.code(404).send({ error: versionId === null ? 'the database holds no dataset yet (npm run -s cli -- db import DIR)' : `no version ${versionId}` });
    // Which version this answer is (304s included): the app records the version it loaded, and sees a load whose
    // files came from two versions (an approval between two requests) instead of mixing them (io/server-version).
    reply.header(VERSION_HEADER, String(version.id));
    const role = user(req).role;
    const cls = privacyClass(role);
    if (file === 'dataset.json') {
      const body = await remember(db.memo, `live:manifest:${version.id}`, HEAD_TTL_MS, () => manifestText(db, version.id));
      return sendFile(req, reply, file, body, etagOf(body));
    }
    if ((LIVE_FILES as readonly string[]).includes(file)) {
      const kind = file === 'incidents.geojson' ? 'incidents' : 'patrols';
      const rev = await remember(db.memo, `live:revision:${kind}`, HEAD_TTL_MS, () => revision(db, kind));
      const scrub = kind === 'incidents' && !can(role, 'members.names');
      const cacheKey = `${file}|${scrub}`;
      let hit = liveCache.get(cacheKey);
      const now = Date.now();
      if (!hit || hit.version !== version.id || (hit.rev !== rev && now - hit.started >= LIVE_REBUILD_MS)) {
        const built = (async () => {
          let text = await liveFileText(db, file as LiveFile);
          if (scrub) text = scrubTitles(text, await memberNames(version.id));
          // One Buffer, sent as it is to every reader: no copy of a 2 MB string per answer.
          return { body: Buffer.from(text), etag: `"${kind}-r${rev}${scrub ? `-anon-v${version.id}` : ''}"` };
        })();
        const entry = { rev, version: version.id, started: now, built };
        hit = entry;
        liveCache.set(cacheKey, entry);
        // A failed build is not kept: the next reader tries again.
        built.catch(() => liveCache.get(cacheKey) === entry && liveCache.delete(cacheKey));
      }
      const { body, etag } = await hit.built;
      return sendFile(req, reply, file, body, etag);
    }
    const stored = (await versionFiles(db, version.id)).get(file);
    if (!stored) return reply.code(404).send({ error: `${file} is not in version ${version.id}` });
    if (file === 'members.json' && cls !== 'full') {
      const key = `members:${version.id}:${cls}`;
      let body = db.memo.get(key) as string | undefined;
      if (body === undefined) db.memo.set(key, (body = membersFor(role, stored.body)));
      return sendFile(req, reply, file, body, `${stored.etag.slice(0, -1)}-${cls}"`);
    }
    return sendFile(req, reply, file, stored.body, stored.etag);
  };
  const fileParam = { type: 'string', enum: [...FILE_NAMES] } as const;
  app.get('/api/data/current/:file', { onRequest: need('data.read'), schema: { params: { type: 'object', properties: { file: fileParam } } } }, (req, reply) =>
    serveFile(req, reply, null),
  );
  app.get(
    '/api/data/v/:version/:file',
    { onRequest: need('data.read'), schema: { params: { type: 'object', properties: { version: VERSION_PARAM, file: fileParam } } } },
    (req, reply) => serveFile(req, reply, Number((req.params as { version: string }).version)),
  );
  app.get('/api/versions', { onRequest: need('data.read') }, async () => listVersions(db));

  app.get(
    '/api/stats',
    {
      onRequest: need('data.read'),
      schema: { querystring: { type: 'object', additionalProperties: false, properties: { month: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' } } } },
    },
    async (req, reply) => {
      const head = await remember(db.memo, 'head', HEAD_TTL_MS, () => headVersion(db));
      if (!head) return reply.code(404).send({ error: 'the database holds no dataset yet' });
      const month = (req.query as { month?: string }).month;
      // The same loader and the same function as `gridsight stats` on an exported folder; kept until a write (a
      // wall polling it costs one computation per change, not one per screen).
      return remember(db.memo, `live:stats:${head.id}:${month ?? ''}`, 60_000, async () => {
        const dataset = await loadDataset(dbSource(db, head.id), { require: ['grids.geojson'], skip: ['basemap.geojson'] });
        return datasetStats(dataset, { month, now: Date.now() });
      });
    },
  );

  app.get('/api/events', { onRequest: need('data.read') }, async (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
    // The browser's EventSource reconnects after `retry` ms when the connection drops.
    res.write('retry: 2000\n\n');
    const stop = bus.listen((e) => res.write(`event: change\ndata: ${JSON.stringify(e)}\n\n`));
    // A comment every 15 s keeps proxies from closing an idle stream.
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(beat);
      stop();
    });
  });

  // ---- incidents and patrols ------------------------------------------------------------------------------
  app.get('/api/incidents/:id', { onRequest: need('incidents.read'), schema: { params: { type: 'object', properties: { id: ID_PARAM } } } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const found = await getIncident(db, id);
    if (!found || !inOwnGrids(user(req), found.gridCode)) return reply.code(404).send({ error: `no incident ${id}${found ? ' in your grids' : ''}` });
    return { incident: found.incident, history: found.history };
  });
  app.post(
    '/api/incidents',
    {
      onRequest: need('incidents.write'),
      schema: {
        body: {
          type: 'object',
          required: ['category', 'level', 'gridCode', 'title', 'lon', 'lat'],
          additionalProperties: false,
          properties: {
            category: { type: 'string', maxLength: 40 },
            level: { type: 'integer', minimum: 1, maximum: 4 },
            gridCode: { type: 'string', pattern: '^[0-9]{15}$' },
            title: { type: 'string', minLength: 1, maxLength: 400 },
            lon: { type: 'number', minimum: -180, maximum: 180 },
            lat: { type: 'number', minimum: -90, maximum: 90 },
            enterpriseId: { type: 'string', pattern: '^[0-9A-Z]{18}$' },
            supervised: { type: 'boolean' },
          },
        },
      },
    },
    async (req, reply) => {
      const feature = await reportIncident(db, req.body as ReportBody, user(req));
      forget(db.memo, 'live:');
      emitLive('incidents', await revision(db, 'incidents'));
      return reply.code(201).send({ incident: feature });
    },
  );
  app.post(
    '/api/incidents/:id/actions',
    {
      onRequest: need('incidents.write'),
      schema: {
        params: { type: 'object', properties: { id: ID_PARAM } },
        body: {
          type: 'object',
          required: ['action'],
          additionalProperties: false,
          properties: { action: { type: 'string', enum: [...INCIDENT_ACTIONS] }, note: { type: 'string', maxLength: 1000 } },
        },
      },
    },
    async (req) => {
      const { action, note } = req.body as { action: IncidentAction; note?: string };
      const feature = await actOnIncident(db, (req.params as { id: string }).id, action, note ?? '', user(req));
      forget(db.memo, 'live:');
      emitLive('incidents', await revision(db, 'incidents'));
      return { incident: feature };
    },
  );
  const position = { type: 'array', minItems: 2, maxItems: 3, items: { type: 'number' } } as const;
  app.post(
    '/api/patrols',
    {
      onRequest: need('patrols.write'),
      schema: {
        body: {
          type: 'object',
          required: ['type', 'geometry', 'properties'],
          additionalProperties: false,
          properties: {
            type: { const: 'Feature' },
            geometry: {
              type: 'object',
              required: ['type', 'coordinates'],
              additionalProperties: false,
              properties: { type: { const: 'LineString' }, coordinates: { type: 'array', minItems: 2, maxItems: 50_000, items: position } },
            },
            properties: {
              type: 'object',
              required: ['memberId', 'gridCode', 'startedAt'],
              additionalProperties: false,
              properties: {
                memberId: { type: 'string', minLength: 1, maxLength: 80 },
                gridCode: { type: 'string', pattern: '^[0-9]{15}$' },
                startedAt: { type: 'string', maxLength: 40 },
                endedAt: { type: 'string', maxLength: 40 },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const feature = await uploadPatrol(db, req.body as PatrolBody, user(req));
      forget(db.memo, 'live:');
      emitLive('patrols', await revision(db, 'patrols'));
      return reply.code(201).send({ patrol: feature });
    },
  );

  // ---- proposals ---------------------------------------------------------------------------------------------
  app.get('/api/proposals', { onRequest: need('proposals.read') }, async () => listProposals(db));
  app.get('/api/proposals/:id', { onRequest: need('proposals.read'), schema: { params: { type: 'object', properties: { id: ID_PARAM } } } }, async (req, reply) => {
    const zip = await proposalZip(db, (req.params as { id: string }).id);
    if (!zip) return reply.code(404).send({ error: `no proposal ${(req.params as { id: string }).id}` });
    return reply.type('application/zip').send(Buffer.from(zip));
  });
  app.post('/api/proposals', { onRequest: need('proposals.submit') }, async (req, reply) => {
    if (!Buffer.isBuffer(req.body)) return reply.code(415).send({ error: 'send the proposal zip as application/zip' });
    return reply.code(201).send(await submitProposal(db, new Uint8Array(req.body), user(req)));
  });
  app.post(
    '/api/proposals/:id/decision',
    {
      onRequest: need('proposals.decide'),
      schema: {
        params: { type: 'object', properties: { id: ID_PARAM } },
        body: {
          type: 'object',
          required: ['decision', 'comment'],
          additionalProperties: false,
          properties: {
            decision: { type: 'string', enum: ['approved', 'rejected'] },
            comment: { type: 'string', maxLength: 2000 },
            effective: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
          },
        },
      },
    },
    async (req) => {
      const r = await decideProposal(db, (req.params as { id: string }).id, user(req), req.body as Decision);
      if (r.version) {
        forget(db.memo, 'head', 'live:');
        bus.emit({ kind: 'version', version: r.version });
      }
      return r.summary;
    },
  );

  // ---- imports -----------------------------------------------------------------------------------------------
  // The enterprises file the import dialog merged, as the next version; or incidents, merged by id into their
  // table. JSON, up to the proposals' size limit: a county's enterprises file is several MB.
  app.post(
    '/api/data/import',
    {
      onRequest: need('data.import'),
      bodyLimit: options.zipLimit ?? 64 * 2 ** 20,
      schema: {
        body: {
          type: 'object',
          required: ['file', 'text', 'baseVersion'],
          additionalProperties: false,
          properties: { file: { type: 'string', maxLength: 200 }, text: { type: 'string' }, baseVersion: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (req) => {
      const body = req.body as ImportBody;
      const r = await applyImport(db, body, user(req));
      if (body.file === 'incidents.geojson') {
        // Incidents belong to no version: their file is rebuilt, and the walls hear of it as of any report.
        if (r.revision !== undefined) {
          forget(db.memo, 'live:');
          emitLive('incidents', r.revision);
        }
      } else {
        forget(db.memo, 'head', 'live:');
        bus.emit({ kind: 'version', version: r.version });
      }
      return r;
    },
  );

  // ---- administration ----------------------------------------------------------------------------------------
  app.get('/api/users', { onRequest: need('users.manage') }, async () => (await db.query('SELECT * FROM users ORDER BY id')).rows.map((r) => publicUser(userRow(r))));
  const accountProps = {
    username: { type: 'string', maxLength: 40 },
    displayName: { type: 'string', maxLength: 60 },
    role: { type: 'string', enum: [...ROLES] },
    gridCodes: { type: 'array', maxItems: 500, items: { type: 'string', pattern: '^[0-9]{15}$' } },
    password: { type: 'string', maxLength: 256 },
    disabled: { type: 'boolean' },
  } as const;
  app.post(
    '/api/users',
    {
      onRequest: need('users.manage'),
      schema: {
        body: {
          type: 'object',
          required: ['username', 'displayName', 'role', 'password'],
          additionalProperties: false,
          properties: { username: accountProps.username, displayName: accountProps.displayName, role: accountProps.role, gridCodes: accountProps.gridCodes, password: accountProps.password },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { username: string; displayName: string; role: Role; gridCodes?: string[]; password: string };
      const created = await db.tx(async (q) => {
        let u: User;
        try {
          u = await createUser(q, body);
        } catch (e) {
          if (e instanceof RangeError) throw new ApiError(e.message.includes('taken') ? 409 : 400, e.message);
          throw e;
        }
        await audit(q, user(req).username, 'user.create', `user ${u.username}`, null, publicUser(u));
        return u;
      });
      return reply.code(201).send({ user: publicUser(created) });
    },
  );
  app.patch(
    '/api/users/:id',
    {
      onRequest: need('users.manage'),
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { displayName: accountProps.displayName, role: accountProps.role, gridCodes: accountProps.gridCodes, password: accountProps.password, disabled: accountProps.disabled },
        },
      },
    },
    async (req) => {
      const id = Number((req.params as { id: string }).id);
      const body = req.body as { displayName?: string; role?: Role; gridCodes?: string[]; password?: string; disabled?: boolean };
      const problem = accountProblem(body) ?? (body.password !== undefined ? passwordProblem(body.password) : null);
      if (problem) throw new ApiError(400, problem);
      if (id === user(req).id && (body.disabled || (body.role && body.role !== 'admin'))) {
        throw new ApiError(409, 'an admin cannot disable their own account or drop their own admin role (ask another admin)');
      }
      return db.tx(async (q) => {
        const row = (await q.query('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0];
        if (!row) throw new ApiError(404, `no user ${id}`);
        const before = userRow(row);
        const next = { ...before, ...body };
        if (next.role === 'grid-worker' && !next.gridCodes.length) throw new ApiError(400, 'a grid-worker account needs at least one grid code');
        const hash = body.password !== undefined ? await hashPassword(body.password) : String(row.password_hash);
        const r = await q.query('UPDATE users SET display_name = $2, role = $3, grid_codes = $4, disabled = $5, password_hash = $6 WHERE id = $1 RETURNING *', [
          id,
          next.displayName,
          next.role,
          next.gridCodes,
          next.disabled,
          hash,
        ]);
        // A changed password or role ends the account's sessions: whoever held them logs in again.
        if (body.password !== undefined || body.role !== undefined || body.disabled) await q.query('DELETE FROM sessions WHERE user_id = $1', [id]);
        const after = userRow(r.rows[0]);
        forget(db.memo, 'session:');
        await audit(q, user(req).username, 'user.update', `user ${after.username}`, publicUser(before), { ...publicUser(after), passwordChanged: body.password !== undefined });
        return { user: publicUser(after) };
      });
    },
  );
  app.get(
    '/api/audit',
    {
      onRequest: need('audit.read'),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'string', pattern: '^[0-9]{1,4}$' }, before: { type: 'string', pattern: '^[0-9]{1,15}$' } },
        },
      },
    },
    async (req) => {
      const q = req.query as { limit?: string; before?: string };
      return auditEntries(db, Math.min(1000, Math.max(1, Number(q.limit ?? 200))), q.before ? Number(q.before) : undefined);
    },
  );

  // ---- the app ----------------------------------------------------------------------------------------------
  if (options.distDir && existsSync(resolve(options.distDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: resolve(options.distDir),
      // The build's copies of the bundled datasets are never served: data comes from the API, by role.
      allowedPath: (path) => !path.startsWith('/data/') && path !== '/config.json',
      index: ['index.html'],
      cacheControl: true,
      maxAge: 0,
    });
  }
  return { app, bus };
}
