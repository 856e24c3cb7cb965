/**
 * Submit (issue 11): the current draft becomes a change proposal — the edited dataset, the change log, the diff and
 * the validation report in one zip (io/plan/proposal), offered as a download and kept in the proposal store for a
 * reviewer. A draft with validation errors can be submitted; the proposal carries them and the reviewer sees them
 * first.
 */
import { ref, shallowRef } from 'vue';
import type { ChangeLogEntry, PlanStatus } from '../domain/plan/types';
import type { Dataset, GridFC, MicroGridFC } from '../domain/types';
import { formatCst } from '../domain/time';
import { makeProposal, writeProposal, type Proposal } from '../io/plan/proposal';
import type { ProposalStore } from '../io/plan/proposal-store';
import { useDatasetStore } from '../stores/dataset';
import { usePlanStore } from '../stores/plan';
import { useDraftsStore } from '../stores/plan-drafts';
import { proposalStoreForMode } from '../stores/proposal-store-for-mode';
import { useSessionStore } from '../stores/session';

/** What the planner types in the submit form. */
export interface SubmitForm {
  title: string;
  who: string;
  reason: string;
  /** YYYY-MM-DD. */
  effective: string;
}

/** Which field of the form is missing or wrong (an i18n key's last part), or null when it can go. */
export function formProblem(form: SubmitForm): 'title' | 'who' | 'effective' | null {
  if (!form.title.trim()) return 'title';
  if (!form.who.trim()) return 'who';
  // A real calendar day: 2027-02-30 parses (as 2 March) but does not come back the same.
  const day = /^\d{4}-\d{2}-\d{2}$/.test(form.effective) ? new Date(`${form.effective}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== form.effective) return 'effective';
  return null;
}

/**
 * A proposal id: the moment in China time and a random part, e.g. "P20261204-101500-3f9a1c". Sorting ids sorts
 * by time; two planners submitting in the same second still differ.
 */
export function proposalId(now: number, random: string = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(16).slice(2)): string {
  const cst = formatCst(now);
  return `P${cst.slice(0, 10).replaceAll('-', '')}-${cst.slice(11, 19).replaceAll(':', '')}-${random.replaceAll('-', '').slice(0, 6)}`;
}

/** Everything a proposal is made of, gathered from the session. */
export interface ProposalParts {
  form: SubmitForm;
  id: string;
  now: number;
  /** The dataset the draft was replayed on (its manifest name) and its fingerprint. */
  base: { name: string; fingerprint: string };
  baseUnits: { grids: GridFC; microGrids: MicroGridFC };
  /** The applied entries only (the redo stack is not part of the proposal). */
  log: ChangeLogEntry[];
  status: PlanStatus;
  /** The edited dataset (plan.dataset(effective)). */
  dataset: Dataset;
}

/**
 * The proposal record from a session's parts; names and reasons are kept as typed (trimmed), never interpreted.
 * @example writeProposal(proposalOf(parts))
 */
export function proposalOf(parts: ProposalParts): Proposal {
  const { form, status } = parts;
  return makeProposal({
    id: parts.id,
    title: form.title.trim(),
    author: form.who.trim(),
    reason: form.reason.trim(),
    createdAt: formatCst(parts.now),
    effective: form.effective,
    base: parts.base,
    log: parts.log,
    changes: status.changes,
    validation: { errors: status.errors, warnings: status.warnings, findings: status.findings },
    dataset: parts.dataset,
    baseUnits: parts.baseUnits,
  });
}

/** Offers bytes as a file download (an object URL on a temporary link). */
function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers start the download after the click returns: give it a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What the last submit gave: the proposal's id, the zip's name, its errors, and whether the store kept it. */
export interface SubmitResult {
  id: string;
  fileName: string;
  errors: number;
  warnings: number;
  /** Why the proposal store refused it (the file was downloaded then, so nothing is lost), or null. */
  storeError: string | null;
  /** Whether the zip was downloaded: always in static mode; with the server only when it refused the proposal. */
  downloaded: boolean;
}

let proposals: ProposalStore | null = null;

/** The submit action and its state, for PlanSubmit. */
export function usePlanPanelSubmit() {
  const plan = usePlanStore();
  const drafts = useDraftsStore();
  const datasetStore = useDatasetStore();
  const busy = ref(false);
  const error = ref<string | null>(null);
  const result = shallowRef<SubmitResult | null>(null);

  async function submit(form: SubmitForm): Promise<SubmitResult | null> {
    const index = datasetStore.index;
    if (busy.value || !index || !plan.status) return null;
    busy.value = true;
    error.value = null;
    try {
      await drafts.flushed();
      const now = Date.now();
      const id = proposalId(now);
      const proposal = proposalOf({
        form,
        id,
        now,
        base: { name: index.dataset.manifest.name, fingerprint: drafts.fingerprint },
        baseUnits: { grids: index.gridsInForce, microGrids: index.microGridsInForce },
        log: plan.history.slice(0, plan.cursor),
        status: plan.status,
        dataset: await plan.dataset(form.effective),
      });
      const zip = writeProposal(proposal);
      const fileName = `${id}.zip`;
      // With the server the proposal goes there and needs no file; the file is the fallback when it is refused.
      const server = useSessionStore().mode === 'server';
      if (!server) download(zip, fileName);
      let storeError: string | null = null;
      try {
        await (proposals ??= proposalStoreForMode()).submit(zip);
      } catch (e) {
        storeError = e instanceof Error ? e.message : String(e);
      }
      const downloaded = !server || storeError !== null;
      if (server && storeError !== null) download(zip, fileName);
      result.value = { id, fileName, errors: proposal.validation.errors, warnings: proposal.validation.warnings, storeError, downloaded };
      return result.value;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return null;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, result, submit };
}
