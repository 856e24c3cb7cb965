/**
 * Submit: the form's checks, the proposal id, and a proposal made from a real session (community dataset, a merge
 * that leaves the new grid unstaffed) that reads back with its log, diff and errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/domain/types';
import { datasetAsOf } from '../../../src/domain/stats';
import { activeFeatures } from '../../../src/domain/lineage';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { readProposal, writeProposal } from '../../../src/io/plan/proposal';
import { PlanSession } from '../../../src/geo/plan/session';
import { formProblem, proposalId, proposalOf, type SubmitForm } from '../../../src/composables/usePlanPanelSubmit';

const form: SubmitForm = { title: ' 合并两网格 ', who: '王规划', reason: '企业数不足 30 家', effective: '2027-01-01' };

describe('formProblem', () => {
  it('names the first missing field, and accepts a complete form', () => {
    expect(formProblem({ ...form, title: '  ' })).toBe('title');
    expect(formProblem({ ...form, who: '' })).toBe('who');
    expect(formProblem({ ...form, effective: '2027-13-45' })).toBe('effective');
    expect(formProblem({ ...form, effective: '' })).toBe('effective');
    expect(formProblem({ ...form, effective: '2027-02-30' })).toBe('effective');
    expect(formProblem({ ...form, reason: '' })).toBeNull();
  });
});

describe('proposalId', () => {
  it('is the China-time moment plus a random part, sortable by time', () => {
    const t = Date.parse('2026-12-04T02:15:09Z');
    expect(proposalId(t, 'ab12-cd34-ef56')).toBe('P20261204-101509-ab12cd');
    expect(proposalId(t + 1000, '000000') > proposalId(t, 'ffffff')).toBe(true);
  });
});

describe('proposalOf', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'] });
  });

  it('makes a zip that reads back with the applied log only, the diff and the validation errors', async () => {
    const now = datasetAsOf(dataset, Date.now());
    const session = new PlanSession(dataset, { now });
    const grids = session.snapshot().grids.features.map((f) => f.properties.code);
    let merged = false;
    for (let j = 1; j < grids.length && !merged; j++) {
      try {
        session.apply({ op: 'merge', grids: [grids[0], grids[j]] }, { who: '王规划', at: '2026-11-21T09:00:00+08:00' });
        merged = true;
      } catch {
        /* not adjacent */
      }
    }
    expect(merged).toBe(true);
    session.apply({ op: 'assign-member', memberId: dataset.members![0].id, gridCode: grids[2], role: 'other' }, { who: '王规划', at: '2026-11-21T09:01:00+08:00' });
    session.undo(); // on the redo stack: not part of the proposal
    const status = session.status();
    expect(status.errors).toBeGreaterThan(0); // the merged grid has no staff yet

    const p = proposalOf({
      form,
      id: 'P-test',
      now: Date.parse('2026-12-04T02:15:09Z'),
      base: { name: dataset.manifest.name, fingerprint: 'f'.repeat(64) },
      baseUnits: { grids: { type: 'FeatureCollection', features: activeFeatures(dataset.grids!.features, now) }, microGrids: { type: 'FeatureCollection', features: activeFeatures(dataset.microGrids!.features, now) } },
      log: session.history.slice(0, session.cursor),
      status,
      dataset: session.dataset(form.effective),
    });
    const back = await readProposal(writeProposal(p));
    expect(back).toMatchObject({ id: 'P-test', title: '合并两网格', author: '王规划', reason: '企业数不足 30 家', effective: '2027-01-01', status: 'submitted' });
    expect(back.createdAt).toBe('2026-12-04T10:15:09+08:00');
    expect(back.log.map((e) => e.op.op)).toEqual(['merge']);
    expect(back.changes).toEqual(status.changes);
    expect(back.validation.errors).toBe(status.errors);
    expect(back.validation.findings.length).toBe(status.findings.length);
    const added = status.changes.added.filter((c) => c.length === 15);
    expect(back.dataset.grids!.features.filter((f) => added.includes(f.properties.code)).map((f) => f.properties.validFrom)).toEqual(added.map(() => '2027-01-01'));
  });
});
