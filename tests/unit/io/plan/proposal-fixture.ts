/**
 * A small proposal by hand, on the mini fixture (no plan engine needed): grid …001 is replaced by …003 (the same
 * area, a new code, lineage to …001), as a split or merge would retire one code and add another.
 */
import type { Dataset, GridFeature } from '../../../../src/domain/types';
import type { ChangeLogEntry } from '../../../../src/domain/plan/types';
import { loadDataset } from '../../../../src/io/dataset';
import { folderSource } from '../../../../src/io/fs-source';
import { makeProposal, type Proposal } from '../../../../src/io/plan/proposal';

export const OLD = '330424002201001';
export const NEW = '330424002201003';
export const EFFECTIVE = '2026-12-01';

export async function miniDataset(): Promise<Dataset> {
  return loadDataset(folderSource('tests/fixtures/mini'));
}

/** The proposed dataset: …001 retired on EFFECTIVE, …003 from EFFECTIVE with …001's area. */
export function proposedDataset(base: Dataset): Dataset {
  const grids = base.grids!.features;
  const old = grids.find((g) => g.properties.code === OLD)!;
  const added: GridFeature = {
    ...old,
    properties: { code: NEW, name: '三网格', parentCodes: [OLD], validFrom: EFFECTIVE, validTo: null },
  };
  return {
    ...base,
    grids: {
      type: 'FeatureCollection',
      features: [...grids.map((g) => (g === old ? { ...g, properties: { ...g.properties, validTo: EFFECTIVE } } : g)), added],
    },
  };
}

export const LOG: ChangeLogEntry[] = [
  {
    op: { op: 'merge', grids: [OLD, '330424002201002'] },
    who: '张规划',
    at: '2026-11-20T10:00:00+08:00',
    reason: '<b>企业数</b> 不足',
    effect: { added: [NEW], retired: [OLD], reshaped: [] },
  },
];

export async function miniProposal(overrides: Partial<Proposal> = {}): Promise<{ base: Dataset; proposal: Proposal }> {
  const base = await miniDataset();
  const proposal = makeProposal({
    id: 'p-1',
    title: '合并一网格',
    author: '张规划',
    reason: '企业数不足 <script>alert(1)</script>',
    createdAt: '2026-11-20T10:05:00+08:00',
    effective: EFFECTIVE,
    base: { name: 'mini', fingerprint: 'f'.repeat(64) },
    log: LOG,
    changes: { added: [NEW], retired: [OLD], reshaped: [], moves: [], grids: [] },
    validation: { errors: 0, warnings: 0, findings: [] },
    dataset: proposedDataset(base),
    baseUnits: { grids: base.grids!, microGrids: base.microGrids! },
  });
  return { base, proposal: { ...proposal, ...overrides } };
}
