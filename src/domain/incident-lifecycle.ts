/**
 * The incident status machine (DOMAIN.md, Events: lifecycle) that the server enforces on every write, kept here as a
 * pure module so the server, the CLI and tests share one table of what may follow what.
 *
 *   accept   (签收)  reported | returned                                   → accepted    acceptedAt
 *   dispatch         accepted                                              → dispatched  dispatchedAt
 *   feedback (反馈)  dispatched | in-progress | extended | suspended        → resolved    resolvedAt
 *   verify   (核查)  resolved                                              → verified    verifiedAt
 *   close    (结案)  verified                                              → closed      closedAt
 *   return   (退回)  reported | accepted | dispatched | in-progress |      → returned    (no time field)
 *                    extended | suspended | resolved | verified
 *
 * A closed incident allows nothing. `extended` (延期) and `suspended` (挂账) are work in hand with a changed clock,
 * so the work can still be reported done (feedback) or sent back (return); no action here enters them, nor
 * `in-progress` (they come from data or from actions this API does not have yet).
 */
import type { DeadlineOptions } from './deadline';
import { deadlineFor } from './deadline';
import { isGridCode } from './codes';
import { formatCst, parseTime } from './time';
import {
  INCIDENT_CATEGORIES,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentProps,
  type IncidentStatus,
} from './types';
import { USCC_ALPHABET } from './uscc';

/** The actions of `POST /api/incidents/<id>/actions` (docs/server-api.md), in lifecycle order. */
export const INCIDENT_ACTIONS = ['accept', 'dispatch', 'feedback', 'verify', 'close', 'return'] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** The incident properties that record when a lifecycle step was reached, in lifecycle order. */
export const STEP_TIME_FIELDS = [
  'acceptedAt',
  'dispatchedAt',
  'resolvedAt',
  'verifiedAt',
  'closedAt',
] as const;
export type StepTimeField = (typeof STEP_TIME_FIELDS)[number];

export interface IncidentTransition {
  /** The statuses the action may start from. */
  from: readonly IncidentStatus[];
  /** The status it leads to. */
  to: IncidentStatus;
  /** The property that records when it happened; null for `return`, which the data contract gives no time. */
  stamp: StepTimeField | null;
}

/** Every legal transition, by action (the table in this module's header). */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentAction, IncidentTransition>> = Object.freeze({
  accept: { from: ['reported', 'returned'], to: 'accepted', stamp: 'acceptedAt' },
  dispatch: { from: ['accepted'], to: 'dispatched', stamp: 'dispatchedAt' },
  feedback: {
    from: ['dispatched', 'in-progress', 'extended', 'suspended'],
    to: 'resolved',
    stamp: 'resolvedAt',
  },
  verify: { from: ['resolved'], to: 'verified', stamp: 'verifiedAt' },
  close: { from: ['verified'], to: 'closed', stamp: 'closedAt' },
  // From resolved or verified a return means the verifier did not accept the work; from `returned` there is
  // nothing further back to send it, and a closed incident is finished.
  return: {
    from: [
      'reported',
      'accepted',
      'dispatched',
      'in-progress',
      'extended',
      'suspended',
      'resolved',
      'verified',
    ],
    to: 'returned',
    stamp: null,
  },
} satisfies Record<IncidentAction, IncidentTransition>);

/**
 * Whether a value (a request body's `action`, say) names an action, so the server can answer 400 for nonsense
 * before asking the machine (which answers 409 for a real action at the wrong time).
 * @example isIncidentAction('close') === true
 */
export function isIncidentAction(value: unknown): value is IncidentAction {
  return typeof value === 'string' && (INCIDENT_ACTIONS as readonly string[]).includes(value);
}

/**
 * The actions an incident with this status allows, in lifecycle order; [] for `closed` and for a status the
 * contract does not know (data from elsewhere may hold one, and nothing is safe to do with it).
 * @example allowedActions('resolved') // ['verify', 'return']
 */
export function allowedActions(status: IncidentStatus | string): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((a) => (INCIDENT_TRANSITIONS[a].from as readonly string[]).includes(status));
}

/** Why a transition was refused: the status does not allow the action, the time runs backwards, or it is closed. */
export type IncidentTransitionReason = 'status' | 'time' | 'closed';

/** An action the incident's state does not allow (the server's 409); the message is one English line. */
export class IncidentTransitionError extends Error {
  readonly action: IncidentAction;
  readonly from: IncidentStatus;
  readonly reason: IncidentTransitionReason;
  constructor(
    action: IncidentAction,
    from: IncidentStatus,
    reason: IncidentTransitionReason,
    message: string,
  ) {
    super(message);
    this.name = 'IncidentTransitionError';
    this.action = action;
    this.from = from;
    this.reason = reason;
  }
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`: the statuses an action needs, as the error message lists them. */
function orList(items: readonly string[]): string {
  const q = items.map((s) => `"${s}"`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** A moment at whole seconds: stored times are formatCst's, which has no fraction, so comparisons use the same. */
function toSecond(t: number): number {
  return Math.floor(t / 1000) * 1000;
}

/** Present and not null (the data writes an unreached step as null; older data leaves the key out). */
function has(v: string | null | undefined): v is string {
  return typeof v === 'string' && v !== '';
}

/**
 * The incident after `action` at `at` (ISO 8601; without an offset it is China time): a new object with the new
 * status and the step's time (formatCst, +08:00, whole seconds); the argument is never changed. A step taken again
 * after a return (accept after 退回, feedback again) clears the times of the later steps, since those belonged to
 * the round that was sent back and the properties should agree with the status; the server's history keeps them.
 * Throws an IncidentTransitionError when the status does not allow the action, when the incident is closed by its
 * `closedAt` whatever its status says (DOMAIN.md), or when `at` is before it was reported or before its latest
 * recorded step; a RangeError for an unknown action, an `at` that is not ISO 8601 or an unreadable reportedAt.
 * @example applyAction(incident, 'accept', '2026-03-06T10:30:00+08:00').status === 'accepted'
 */
export function applyAction<P extends IncidentProps>(incident: P, action: IncidentAction, at: string): P {
  if (!isIncidentAction(action)) {
    throw new RangeError(
      `unknown incident action ${JSON.stringify(action)}: one of ${INCIDENT_ACTIONS.join(', ')}`,
    );
  }
  const from = incident.status;
  const rule = INCIDENT_TRANSITIONS[action];
  if (from === 'closed') {
    throw new IncidentTransitionError(
      action,
      from,
      'closed',
      `cannot ${action} an incident that is "closed": a closed incident allows nothing`,
    );
  }
  if (!rule.from.includes(from)) {
    throw new IncidentTransitionError(
      action,
      from,
      'status',
      `cannot ${action} an incident that is "${from}": ${action} needs ${orList(rule.from)}`,
    );
  }
  // DOMAIN.md: closed means having closedAt; a status that disagrees is a data fault, and reopening work that the
  // data says was finished would hide it, so nothing is allowed until the data is mended.
  if (has(incident.closedAt)) {
    throw new IncidentTransitionError(
      action,
      from,
      'closed',
      `cannot ${action} an incident that has closedAt ${incident.closedAt}: it is closed though its status is "${from}"`,
    );
  }
  const when = parseTime(at);
  if (Number.isNaN(when)) throw new RangeError(`${action}: the time is not ISO 8601: ${JSON.stringify(at)}`);
  const t = toSecond(when);
  const reported = parseTime(incident.reportedAt);
  if (Number.isNaN(reported)) {
    throw new RangeError(
      `incident ${incident.id} has no readable reportedAt: ${JSON.stringify(incident.reportedAt)}`,
    );
  }
  const stamp = formatCst(t);
  if (t < toSecond(reported)) {
    throw new IncidentTransitionError(
      action,
      from,
      'time',
      `cannot ${action} at ${stamp}: before the incident was reported (${incident.reportedAt})`,
    );
  }
  // Every recorded step, not only the one before in lifecycle order: after a return the later steps of the
  // previous round are still recorded, and time must not run back behind them either. An unreadable one is a
  // data warning elsewhere and does not block work here.
  let latest = -Infinity;
  let latestField: StepTimeField | null = null;
  for (const f of STEP_TIME_FIELDS) {
    const v = incident[f];
    if (!has(v)) continue;
    const s = parseTime(v);
    if (!Number.isNaN(s) && toSecond(s) > latest) {
      latest = toSecond(s);
      latestField = f;
    }
  }
  if (latestField !== null && t < latest) {
    throw new IncidentTransitionError(
      action,
      from,
      'time',
      `cannot ${action} at ${stamp}: before the incident's latest step (${latestField} ${incident[latestField]})`,
    );
  }
  const next: P = { ...incident, status: rule.to };
  if (rule.stamp !== null) {
    next[rule.stamp] = stamp;
    for (const f of STEP_TIME_FIELDS.slice(STEP_TIME_FIELDS.indexOf(rule.stamp) + 1)) {
      if (has(next[f])) next[f] = null;
    }
  }
  return next;
}

/** What a new report needs (the body of `POST /api/incidents` plus what the server adds: id and time). */
export interface NewIncidentInput {
  id: string;
  category: IncidentCategory;
  level: IncidentLevel;
  gridCode: string;
  title: string;
  lon: number;
  lat: number;
  /** ISO 8601; without an offset it is China time. */
  reportedAt: string;
  /** The enterprise the incident is about (统一社会信用代码, 18 characters). */
  enterpriseId?: string;
  /** 督办. Default false. */
  supervised?: boolean;
}

/** The working-day calendar for the deadline (domain/deadline): limits per level and holidays. */
export type NewIncidentOptions = Pick<DeadlineOptions, 'limitDays' | 'holidays'>;

/** A report that cannot be taken (the server's 400); `field` names the property at fault. */
export class IncidentInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'IncidentInputError';
    this.field = field;
  }
}

/** The most characters (code points) a title may have: a title is a line on a card, not the report itself. */
export const TITLE_MAX_CHARS = 200;
const USCC_SHAPE = new RegExp(`^[${USCC_ALPHABET}]{18}$`);

function fail(field: string, why: string, value: unknown): never {
  throw new IncidentInputError(field, `${field} ${why}, got ${JSON.stringify(value) ?? String(value)}`);
}

/**
 * The properties of a newly reported incident: status `reported`, every step time null (as the data writes an
 * unreached step), reportedAt and deadline as ISO 8601 in China time with +08:00 and whole seconds (the form of
 * the shipped data), the deadline the level's limit in working days (domain/deadline deadlineFor). The input is
 * read as untrusted (a request body), so each field is checked at run time, whatever its static type; an
 * IncidentInputError names the first field at fault. The title is kept trimmed. The enterprise id must have the
 * shape of a 统一社会信用代码; a wrong check character is only a data warning (DOMAIN.md), so it is let through.
 * @example newIncident({ id: 'SJ1', category: 'fire', level: 2, gridCode: '330424002012001', title: '消防通道堵塞', lon: 121, lat: 30.6, reportedAt: '2026-03-06T10:00:00+08:00' }).deadline === '2026-03-12T00:00:00+08:00'
 */
export function newIncident(input: NewIncidentInput, options: NewIncidentOptions = {}): IncidentProps {
  const { id, category, level, gridCode, title, lon, lat, reportedAt, enterpriseId, supervised } = input as {
    [K in keyof NewIncidentInput]: unknown;
  };
  if (typeof id !== 'string' || id.trim() === '') fail('id', 'must be a non-empty string', id);
  if (typeof category !== 'string' || !(INCIDENT_CATEGORIES as readonly string[]).includes(category)) {
    fail('category', `must be one of ${INCIDENT_CATEGORIES.join(', ')}`, category);
  }
  if (level !== 1 && level !== 2 && level !== 3 && level !== 4) fail('level', 'must be 1, 2, 3 or 4', level);
  if (typeof gridCode !== 'string' || !isGridCode(gridCode))
    fail('gridCode', 'must be a 15-digit grid code', gridCode);
  if (typeof title !== 'string' || title.trim() === '') fail('title', 'must be a non-empty string', title);
  const text = title.trim();
  // Code points, not UTF-16 units: a title of 200 Chinese characters with an emoji is still 200 characters.
  if ([...text].length > TITLE_MAX_CHARS)
    fail('title', `must be at most ${TITLE_MAX_CHARS} characters`, `${text.slice(0, 20)}…`);
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    fail('lon', 'must be a finite longitude in [-180, 180]', lon);
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    fail('lat', 'must be a finite latitude in [-90, 90]', lat);
  }
  const reported = typeof reportedAt === 'string' ? parseTime(reportedAt) : NaN;
  if (Number.isNaN(reported)) fail('reportedAt', 'must be an ISO 8601 time', reportedAt);
  if (enterpriseId !== undefined && (typeof enterpriseId !== 'string' || !USCC_SHAPE.test(enterpriseId))) {
    fail('enterpriseId', 'must be an 18-character 统一社会信用代码', enterpriseId);
  }
  if (supervised !== undefined && typeof supervised !== 'boolean')
    fail('supervised', 'must be true or false', supervised);
  // Whole seconds, so the stored reportedAt and the deadline computed from it agree with what applyAction compares.
  const t = toSecond(reported);
  const props: IncidentProps = {
    id,
    category: category as IncidentCategory,
    level,
    status: 'reported',
    reportedAt: formatCst(t),
    gridCode,
    acceptedAt: null,
    dispatchedAt: null,
    resolvedAt: null,
    verifiedAt: null,
    closedAt: null,
    deadline: formatCst(deadlineFor(t, level, options)),
    supervised: supervised ?? false,
    title: text,
  };
  // The shipped data leaves enterpriseId out when there is none, rather than writing null.
  if (enterpriseId !== undefined) props.enterpriseId = enterpriseId;
  return props;
}
