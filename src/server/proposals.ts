/**
 * Proposals on the server: a planner submits the zip the app makes (io/plan/proposal), a reviewer other than the
 * submitter approves or rejects it, and approval makes the next dataset version in the same transaction.
 *
 * Conflicts: a proposal is drawn on a base version. When versions were approved since, and one of them changed a
 * grid or micro-grid this proposal touches, approval is refused (409) and the planner must redraw it on the current
 * version. When they touched other units only, the proposal's operations are replayed on the current version
 * (geo/plan, the engine the app and `plan apply` use) and that result is what is approved.
 */
import { datasetFiles } from '../io/plan/dataset-files';
import { datasetFingerprint } from '../io/plan/fingerprint';
import { approveProposal, rejectProposal } from '../io/plan/review';
import { readProposal, type OpenedProposal, type Proposal, type ProposalReview } from '../io/plan/proposal';
import { proposalSummary, type ProposalSummary } from '../io/plan/proposal-store';
import { loadDataset } from '../io/dataset';
import { PlanSession } from '../geo/plan/session';
import { PlanError } from '../domain/plan/types';
import { formatCst } from '../domain/time';
import type { Db, Queryable } from './db';
import { audit } from './audit';
import type { User } from './auth';
import { dbSource, headVersion, insertVersion, versionFiles, VERSION_FILES } from './datasets';

/** A refusal the API answers with `status` and the message as its one line. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type ServerProposalSummary = ProposalSummary & { submittedBy: string; baseVersion: number; versionId: number | null };

function summaryRow(r: Record<string, unknown>): ServerProposalSummary {
  const summary = (typeof r.summary === 'string' ? JSON.parse(r.summary) : r.summary) as ProposalSummary;
  return {
    ...summary,
    submittedBy: String(r.submitted_by),
    baseVersion: Number(r.base_version),
    versionId: r.version_id === null || r.version_id === undefined ? null : Number(r.version_id),
  };
}

/** Codes for a one-line message: the first five, then how many more. */
const listed = (codes: string[]) => (codes.length <= 5 ? codes.join(', ') : `${codes.slice(0, 5).join(', ')} and ${codes.length - 5} more`);

/** The codes a proposal changes: what a later approval compares for conflicts. */
export function touchedCodes(p: Pick<Proposal, 'changes'>): string[] {
  const c = p.changes;
  const codes = new Set<string>([...c.added, ...c.retired, ...c.reshaped, ...c.grids.map((g) => g.code)]);
  for (const m of c.moves) {
    if (m.from) codes.add(m.from);
    if (m.to) codes.add(m.to);
  }
  return [...codes].sort();
}

/**
 * Checks and stores a submitted proposal. Refuses a zip that readProposal refuses, an id already submitted, and a
 * proposal whose base is no version of this server (drawn on another dataset).
 */
export async function submitProposal(db: Db, zip: Uint8Array, user: User): Promise<ServerProposalSummary> {
  let p: OpenedProposal;
  try {
    p = await readProposal(zip, { name: 'the uploaded proposal' });
  } catch (e) {
    throw new ApiError(400, (e as Error).message);
  }
  if (p.status !== 'submitted') throw new ApiError(400, `the proposal is already ${p.status}; submit a proposal that awaits review`);
  return db.tx(async (q) => {
    const base = await q.query<{ id: number }>('SELECT id FROM dataset_versions WHERE fingerprint = $1 ORDER BY id DESC LIMIT 1', [p.base.fingerprint]);
    if (!base.rows[0]) {
      throw new ApiError(409, `the proposal was drawn on a dataset this server does not hold (${p.base.name}); draw it on the current version`);
    }
    const summary = proposalSummary(p);
    const r = await q.query(
      'INSERT INTO proposals (id, submitted_by, base_version, status, summary, zip) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING *',
      [p.id, user.username, Number(base.rows[0].id), 'submitted', JSON.stringify(summary), zip],
    );
    if (!r.rows[0]) throw new ApiError(409, `a proposal with id ${p.id} was submitted already`);
    await audit(q, user.username, 'proposal.submit', `proposal ${p.id}`, null, { ...summary, baseVersion: Number(base.rows[0].id), touched: touchedCodes(p) });
    return summaryRow(r.rows[0]);
  });
}

export async function listProposals(q: Queryable): Promise<ServerProposalSummary[]> {
  return (await q.query('SELECT id, submitted_by, base_version, version_id, summary FROM proposals ORDER BY submitted_at DESC, id')).rows.map(summaryRow);
}

export async function proposalZip(q: Queryable, id: string): Promise<Uint8Array | null> {
  const r = await q.query<{ zip: Uint8Array }>('SELECT zip FROM proposals WHERE id = $1', [id]);
  return r.rows[0] ? new Uint8Array(r.rows[0].zip) : null;
}

export interface Decision {
  decision: 'approved' | 'rejected';
  comment: string;
  /** YYYY-MM-DD; default: the proposal's own effective date. */
  effective?: string;
}

export interface DecisionResult {
  summary: ServerProposalSummary;
  /** The version approval created. */
  version?: number;
  /** Set when the operations were replayed on a newer version than the proposal's base. */
  rebasedOnto?: number;
}

/**
 * A reviewer's decision. Refuses (403) the submitter deciding their own proposal, (409) a proposal decided
 * already or in conflict with a version approved since its base. Approval writes the new version, the decision and
 * the audit rows in one transaction: all or nothing.
 */
export async function decideProposal(db: Db, id: string, user: User, d: Decision): Promise<DecisionResult> {
  return db.tx(async (q) => {
    // Approvals one at a time: the head read below stays the head until this transaction ends.
    await q.query('LOCK TABLE dataset_versions IN SHARE ROW EXCLUSIVE MODE');
    const row = (await q.query('SELECT * FROM proposals WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!row) throw new ApiError(404, `no proposal ${id}`);
    if (row.submitted_by === user.username) {
      throw new ApiError(403, 'you submitted this proposal: another reviewer must decide it');
    }
    if (row.status !== 'submitted') {
      throw new ApiError(409, `proposal ${id} is already ${row.status} by ${row.decided_by}`);
    }
    const p = await readProposal(new Uint8Array(row.zip as Uint8Array), { name: `proposal ${id}` });
    const at = formatCst(Date.now());
    const review = { by: user.displayName, comment: d.comment, at };
    const before = summaryRow(row);
    if (d.decision === 'rejected') {
      const rejected = rejectProposal(p, review);
      const summary = proposalSummary(rejected);
      await q.query("UPDATE proposals SET status = 'rejected', summary = $2, decided_by = $3, decided_at = now() WHERE id = $1", [id, JSON.stringify(summary), user.username]);
      await audit(q, user.username, 'proposal.reject', `proposal ${id}`, before, summary);
      return { summary: { ...before, ...summary } };
    }
    const effective = d.effective ?? p.effective;
    const head = await headVersion(q);
    if (!head) throw new ApiError(409, 'the database holds no dataset version');
    const baseVersion = Number(row.base_version);
    let target: Proposal = p;
    let rebasedOnto: number | undefined;
    if (head.id !== baseVersion) {
      const since = await q.query<{ id: number; proposal_id: string | null; touched: string[] }>(
        'SELECT id, proposal_id, touched FROM dataset_versions WHERE id > $1 ORDER BY id',
        [baseVersion],
      );
      // The units of the base this proposal changes. The codes it adds are left out: a code new here may have been
      // given by a version approved since to a unit of its own, and the replay below gives this one the next code.
      const added = new Set(p.changes.added);
      const mine = new Set(touchedCodes(p).filter((c) => !added.has(c)));
      for (const v of since.rows) {
        const overlap = (v.touched ?? []).filter((c) => mine.has(c));
        if (overlap.length) {
          throw new ApiError(
            409,
            `conflict: version ${v.id}${v.proposal_id ? ` (proposal ${v.proposal_id})` : ''}, approved after this proposal was drawn on version ${baseVersion}, changed ${listed(overlap)}; the planner must redraw the proposal on version ${head.id}`,
          );
        }
      }
      target = await replayOn(q, head.id, p, effective);
      rebasedOnto = head.id;
    }
    const approval = approveProposal(target, { ...review, effective });
    const headFiles = await versionFiles(q, head.id);
    const files = new Map<string, string>();
    for (const [name, f] of headFiles) files.set(name, f.body);
    for (const name of VERSION_FILES) {
      const text = approval.files.get(name);
      if (text !== undefined) files.set(name, text);
    }
    const dataset = await loadDataset(
      { location: `proposal ${id}`, manifest: async () => ({ name: head.name, files: VERSION_FILES.filter((f) => files.has(f)) }), read: async (f) => files.get(f) ?? '' },
      { require: ['community.geojson', 'grids.geojson'] },
    );
    const version = await insertVersion(q, {
      name: head.name,
      createdBy: user.username,
      files,
      proposalId: id,
      note: rebasedOnto ? `proposal ${id}, replayed on version ${rebasedOnto}` : `proposal ${id}`,
      touched: touchedCodes(target),
      fingerprint: await datasetFingerprint(dataset),
    });
    const summary = proposalSummary(approval.proposal);
    await q.query("UPDATE proposals SET status = 'approved', summary = $2, decided_by = $3, decided_at = now(), version_id = $4 WHERE id = $1", [
      id,
      JSON.stringify(summary),
      user.username,
      version,
    ]);
    await audit(q, user.username, 'proposal.approve', `proposal ${id}`, before, { ...summary, version, rebasedOnto: rebasedOnto ?? null });
    return { summary: { ...before, ...summary, versionId: version }, version, rebasedOnto };
  });
}

/** The proposal's operations applied to version `head`: a proposal as if drawn there. Refused (409) if one fails. */
async function replayOn(q: Queryable, head: number, p: Proposal, effective: string): Promise<Proposal> {
  const dataset = await loadDataset(dbSource(q, head), { require: ['community.geojson', 'grids.geojson'], skip: ['incidents.geojson', 'patrols.geojson', 'basemap.geojson'] });
  const session = new PlanSession(dataset, { now: Date.now(), effective });
  for (const [i, entry] of p.log.entries()) {
    try {
      session.apply(entry.op, { who: entry.who, at: entry.at, reason: entry.reason });
    } catch (e) {
      if (e instanceof PlanError) {
        throw new ApiError(409, `conflict: operation ${i + 1} (${entry.op.op}) no longer applies to version ${head}: ${e.message}; the planner must redraw the proposal`);
      }
      throw e;
    }
  }
  const status = session.status();
  return {
    ...p,
    changes: status.changes,
    files: datasetFiles(session.dataset(effective)),
    baseUnits: { grids: dataset.grids!, microGrids: dataset.microGrids ?? { type: 'FeatureCollection', features: [] } },
  };
}

export type { ProposalReview };
