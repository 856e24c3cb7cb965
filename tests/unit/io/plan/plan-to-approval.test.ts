/**
 * The whole paper trail on the community dataset with the real plan engine: a draft merges two grids, becomes a
 * proposal zip, is read back as a reviewer would, approved, unpacked into a folder, and that folder passes the
 * CLI's validate (no errors) and stats, with the merged grid in force from the approved date.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { Dataset } from '../../../../src/domain/types';
import { PlanSession } from '../../../../src/geo/plan/session';
import { loadDataset } from '../../../../src/io/dataset';
import { folderSource } from '../../../../src/io/fs-source';
import { datasetFingerprint } from '../../../../src/io/plan/fingerprint';
import { makeProposal, readProposal, writeProposal } from '../../../../src/io/plan/proposal';
import { approveProposal } from '../../../../src/io/plan/review';
import { runValidate } from '../../../../src/cli/validate';
import { runStats } from '../../../../src/cli/stats';
import { isActive } from '../../../../src/domain/lineage';

let dataset: Dataset;
/** The dataset's asOf day (2026-11-20): members carry no dates, so the roster is the one in force from then. */
const EFFECTIVE = '2026-11-20';
beforeAll(async () => {
  dataset = await loadDataset(folderSource('data/zhihuiwan'));
});

/** Two grids that share a vertex not on the community boundary: adjacent, so they can merge. */
function adjacentPair(ds: Dataset): [string, string] {
  const users = new Map<string, Set<string>>();
  for (const g of ds.grids!.features) {
    const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
    for (const p of polys) for (const q of p[0]) {
      const k = `${q[0]},${q[1]}`;
      (users.get(k) ?? users.set(k, new Set()).get(k)!).add(g.properties.code);
    }
  }
  for (const codes of users.values()) if (codes.size === 2) return [...codes].sort() as [string, string];
  throw new Error('no adjacent grids');
}

describe('draft → proposal → approval → a dataset the CLI reads', () => {
  it('merges two grids and approves the merge on the asOf day of the dataset', async () => {
    const session = new PlanSession(dataset, { now: Date.parse('2026-11-21T00:00:00+08:00') });
    const pair = adjacentPair(dataset);
    session.apply({ op: 'merge', grids: pair }, { who: '张规划', at: '2026-11-21T09:00:00+08:00', reason: '企业数不足' });
    const merged = session.history[0].effect.added.find((c) => c.length === 15)!;
    // The merged grid starts with no staff: the planner gives it the first grid's four in their roles, and the
    // second grid's staff join it as "other" (one per role is the standard; a member of a retired grid is a finding).
    for (const m of dataset.members!.filter((m) => pair.includes(m.gridCode) && !m.microGridCode)) {
      const role = m.gridCode === pair[0] ? m.role : 'other';
      session.apply({ op: 'assign-member', memberId: m.id, gridCode: merged, role }, { who: '张规划', at: '2026-11-21T09:01:00+08:00' });
    }
    const status = session.status();
    expect(status.changes.retired).toEqual(expect.arrayContaining(pair));
    const proposal = makeProposal({
      id: 'merge-1',
      title: `合并 ${pair.join('、')}`,
      author: '张规划',
      reason: '企业数不足',
      createdAt: '2026-11-21T09:05:00+08:00',
      effective: session.effective,
      base: { name: dataset.manifest.name, fingerprint: await datasetFingerprint(dataset) },
      log: session.history,
      changes: status.changes,
      validation: { errors: status.errors, warnings: status.warnings, findings: status.findings },
      dataset: session.dataset(),
      baseUnits: { grids: dataset.grids!, microGrids: dataset.microGrids! },
    });
    const opened = await readProposal(writeProposal(proposal), { name: 'merge-1.zip' });
    expect(opened.changes).toEqual(status.changes);
    expect(opened.base.fingerprint).toBe(await datasetFingerprint(dataset));

    const { zip } = approveProposal(opened, { by: '王审', comment: '同意', effective: EFFECTIVE, at: '2026-11-25T09:00:00+08:00' });
    const dir = mkdtempSync(join(tmpdir(), 'gridsight-approved-'));
    for (const [name, bytes] of Object.entries(unzipSync(zip))) writeFileSync(join(dir, name), bytes);
    const approved = await loadDataset(folderSource(dir));
    const grid = (code: string) => approved.grids!.features.find((g) => g.properties.code === code)!.properties;
    expect(grid(merged)).toMatchObject({ validFrom: EFFECTIVE, parentCodes: expect.arrayContaining(pair) });
    for (const code of pair) expect(grid(code).validTo).toBe(EFFECTIVE);
    const dec1 = Date.parse(`${EFFECTIVE}T00:00:00+08:00`);
    expect(isActive(grid(merged), dec1) && !isActive(grid(pair[0]), dec1)).toBe(true);
    expect(isActive(grid(pair[0]), dec1 - 1) && !isActive(grid(merged), dec1 - 1)).toBe(true);

    const report = await runValidate(dir);
    expect(report.summary.errors).toBe(0);
    const stats = await runStats(dir);
    expect(stats).toBeTruthy();
  });
});
