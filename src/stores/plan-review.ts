import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { DatasetError } from '../io/errors';
import { readDatasetFiles } from '../io/plan/dataset-files';
import { datasetFingerprint } from '../io/plan/fingerprint';
import { readProposal, writeProposal, type OpenedProposal, type Proposal } from '../io/plan/proposal';
import type { ProposalStore, ProposalSummary } from '../io/plan/proposal-store';
import { PLAN_UNCHANGED_FILES, approveProposal, rejectProposal } from '../io/plan/review';
import { urlSource } from '../io/url-source';
import { useDatasetStore } from './dataset';
import { usePlanStore } from './plan';
import { proposalStoreForMode } from './proposal-store-for-mode';
import { useSessionStore } from './session';
import type { Dataset } from '../domain/types';

export type ReviewMapMode = 'current' | 'proposed' | 'side';

/** What the reviewer's decision produced, to offer as a download. */
export interface ReviewOutcome {
  decision: 'approved' | 'rejected';
  fileName: string;
  zip: Uint8Array;
  /** Files of the loaded dataset the new version lacks (the proposal left them out and they could not be carried). */
  missing: string[];
}

/** "2026-11-25T09:00:00+08:00" for now (the app speaks China time, DOMAIN.md). */
function nowCst(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

/** A file name from free text: what a proposal's id may hold is not for a file system. */
const safeName = (s: string) => s.replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(0, 80) || 'proposal';

/**
 * The reviewer's side of the planner (issue 11): the proposal opened (from a file or the local proposal store), how
 * its diff is shown on the map, and the decision. The opened proposal (with its parsed dataset) is markRaw in a
 * shallowRef: it is big and never edited in place.
 */
/**
 * A failure on the review screen: what was being done (opening a file, reading the proposal store, a proposal not
 * in it, approving, rejecting), which file or proposal, and the English detail (DatasetError's file and place).
 */
export interface PlanReviewError {
  what: 'open' | 'store' | 'missing' | 'approve' | 'reject';
  name: string | null;
  detail: string;
}

export const usePlanReviewStore = defineStore('plan-review', () => {
  const datasetStore = useDatasetStore();
  const proposal = shallowRef<OpenedProposal | null>(null);
  /** The name it was opened under (the file's name, or the store's id). */
  const source = ref('');
  /** Where it came from: a file the reviewer picked, or the local proposal store (then the decision goes there too). */
  const origin = ref<'file' | 'store'>('file');
  const status = ref<'idle' | 'opening' | 'ready' | 'error'>('idle');
  /** Why the last open or decision failed, as one line (DatasetError's message names the file). */
  /** What went wrong last (the kind in the UI's language, the English detail beneath), or null. */
  const error = shallowRef<PlanReviewError | null>(null);
  const mode = ref<ReviewMapMode>('proposed');
  /** The code the table's row click asks the map to show; `focusVersion` bumps so the same row flies again. */
  const focus = ref<string | null>(null);
  const focusVersion = ref(0);
  /** Whether the proposal was made on the dataset loaded now: null while unknown (no dataset, still hashing). */
  const sameBase = ref<boolean | null>(null);
  const outcome = shallowRef<ReviewOutcome | null>(null);
  /** The local proposal store's list (newest first). */
  const stored = ref<ProposalSummary[]>([]);
  let store: ProposalStore | null = null;
  let opening = 0;

  const hasErrors = computed(() => (proposal.value?.validation.errors ?? 0) > 0);

  function proposals(): ProposalStore {
    return (store ??= proposalStoreForMode());
  }

  async function refreshStored(): Promise<void> {
    try {
      stored.value = await proposals().list();
    } catch (e) {
      // No IndexedDB (private mode in some browsers): files still work.
      stored.value = [];
      error.value = { what: 'store', name: null, detail: (e as Error).message };
    }
  }

  /**
   * The loaded dataset's fingerprint: from the plan worker when the planner's session runs on that dataset (it holds
   * it already), else computed here.
   */
  function loadedFingerprint(loaded: Dataset): Promise<string> {
    const plan = usePlanStore();
    const own = () => datasetFingerprint(loaded);
    if (plan.phase === 'ready' && plan.datasetKey === datasetStore.version) return plan.baseFingerprint().catch(own);
    return own();
  }

  async function checkBase(p: OpenedProposal, token: number): Promise<void> {
    sameBase.value = null;
    const loaded = datasetStore.index?.dataset;
    if (!loaded) return;
    const fp = await loadedFingerprint(loaded);
    if (token === opening) sameBase.value = fp === p.base.fingerprint;
  }

  /** Opens proposal bytes; a later open wins over one still reading. */
  async function openBytes(bytes: Uint8Array, name: string, from: 'file' | 'store' = 'file'): Promise<void> {
    const token = ++opening;
    status.value = 'opening';
    error.value = null;
    outcome.value = null;
    try {
      const p = await readProposal(bytes, { name });
      if (token !== opening) return;
      proposal.value = markRaw(p);
      source.value = name;
      origin.value = from;
      focus.value = null;
      mode.value = 'proposed';
      status.value = 'ready';
      void checkBase(p, token);
    } catch (e) {
      if (token !== opening) return;
      error.value = { what: 'open', name, detail: e instanceof DatasetError ? e.message : `${name}: ${(e as Error).message}` };
      status.value = proposal.value ? 'ready' : 'error';
    }
  }

  async function openFile(file: File): Promise<void> {
    await openBytes(new Uint8Array(await file.arrayBuffer()), file.name);
  }

  async function openStored(id: string): Promise<void> {
    let s: Awaited<ReturnType<ProposalStore['get']>>;
    try {
      s = await proposals().get(id);
    } catch (e) {
      error.value = { what: 'store', name: id, detail: `${id}: ${(e as Error).message}` };
      return;
    }
    if (!s) {
      error.value = { what: 'missing', name: id, detail: `${id}: not in the proposal store` };
      return;
    }
    await openBytes(s.zip, id, 'store');
    // The server keeps a proposal's zip as submitted and its decision beside it: show the decision it has recorded.
    const opened = proposal.value;
    if (useSessionStore().mode === 'server' && opened?.id === s.id && opened.status !== s.status) {
      proposal.value = markRaw({ ...opened, status: s.status, ...(s.review ? { review: s.review } : {}) });
    }
  }

  function close(): void {
    opening++;
    proposal.value = null;
    status.value = 'idle';
    error.value = null;
    outcome.value = null;
    focus.value = null;
    sameBase.value = null;
  }

  function show(code: string): void {
    focus.value = code;
    focusVersion.value++;
  }

  /** Records the decision in the local store when the proposal came from there. */
  async function record(p: Proposal): Promise<void> {
    if (origin.value !== 'store' || !p.review) return;
    await proposals().decide(p.id, p.review);
    await refreshStored();
  }

  /**
   * The files no plan changes that the proposal left out (the app never puts incidents and patrols in one), read
   * as they are from the loaded dataset's folder: only when the proposal was made on that very dataset version.
   */
  async function carried(p: OpenedProposal): Promise<Map<string, string>> {
    const carry = new Map<string, string>();
    const base = datasetStore.index?.dataset;
    if (!base || !datasetStore.baseUrl) return carry;
    if ((await loadedFingerprint(base)) !== p.base.fingerprint) return carry;
    const source = urlSource(datasetStore.baseUrl);
    for (const file of base.manifest.files) {
      if (PLAN_UNCHANGED_FILES.includes(file) && !p.files.has(file)) carry.set(file, await source.read(file));
    }
    return carry;
  }

  /** Approves: the new dataset version as a zip to download. Throws nothing; a refusal lands in `error`. */
  async function approve(input: { by: string; comment: string; effective: string }): Promise<ReviewOutcome | null> {
    const p = proposal.value;
    if (!p) return null;
    try {
      const carry = await carried(p);
      const { proposal: approved, files, zip } = approveProposal(p, { ...input, at: nowCst(), carry });
      await record(approved);
      // The approved files carry the approval's dates (validFrom/validTo re-stamped to `effective`): the maps draw
      // those, not the dates the planner proposed, which the opened dataset still has.
      const dataset = await readDatasetFiles(files, { incidentTitles: true, location: p.id });
      proposal.value = markRaw({ ...p, ...approved, dataset });
      // incidents.bin and basemap.pmtiles are not carried (the carry is text): the new version reads incidents.csv
      // and basemap.geojson, which it does carry, and `gridsight pack` and `gridsight tiles` make the binary copies
      // again. Nor is patrol-area.json, the old grids' figures (`gridsight pack` computes the new ones). Not "missing".
      const binary: readonly string[] = ['incidents.bin', 'basemap.pmtiles', 'patrol-area.json'];
      const missing = (datasetStore.index?.dataset.manifest.files ?? []).filter((f) => !files.has(f) && !binary.includes(f));
      outcome.value = { decision: 'approved', fileName: `${safeName(p.base.name)}-${input.effective}.zip`, zip, missing };
      error.value = null;
      return outcome.value;
    } catch (e) {
      error.value = { what: 'approve', name: p.id, detail: (e as Error).message };
      return null;
    }
  }

  /** Rejects with a comment: the proposal, marked rejected, to download (and hand back to the planner). */
  async function reject(input: { by: string; comment: string }): Promise<ReviewOutcome | null> {
    const p = proposal.value;
    if (!p) return null;
    try {
      const rejected = rejectProposal(p, { ...input, at: nowCst() });
      await record(rejected);
      proposal.value = markRaw({ ...p, ...rejected });
      outcome.value = { decision: 'rejected', fileName: `${safeName(p.id)}-rejected.zip`, zip: writeProposal(rejected), missing: [] };
      error.value = null;
      return outcome.value;
    } catch (e) {
      error.value = { what: 'reject', name: p.id, detail: (e as Error).message };
      return null;
    }
  }

  return {
    proposal,
    source,
    origin,
    status,
    error,
    mode,
    focus,
    focusVersion,
    sameBase,
    outcome,
    stored,
    hasErrors,
    refreshStored,
    openBytes,
    openFile,
    openStored,
    close,
    show,
    approve,
    reject,
  };
});
