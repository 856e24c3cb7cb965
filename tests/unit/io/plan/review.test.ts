import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { loadDataset } from '../../../../src/io/dataset';
import { folderSource } from '../../../../src/io/fs-source';
import { readDatasetFiles } from '../../../../src/io/plan/dataset-files';
import { approveProposal, rejectProposal } from '../../../../src/io/plan/review';
import { readProposal, writeProposal } from '../../../../src/io/plan/proposal';
import { isActive } from '../../../../src/domain/lineage';
import { NEW, OLD, miniProposal } from './proposal-fixture';

const AT = '2026-11-25T09:00:00+08:00';

describe('approveProposal', () => {
  it('re-stamps the added and retired units to the approved date, leaves the rest, and records the review', async () => {
    const { proposal } = await miniProposal();
    const { proposal: approved, files, zip } = approveProposal(proposal, { by: ' 王审 ', comment: '同意', effective: '2027-01-01', at: AT });
    expect(approved.status).toBe('approved');
    expect(approved.review).toEqual({ by: '王审', comment: '同意', at: AT, decision: 'approved', effective: '2027-01-01' });
    expect(proposal.status).toBe('submitted');
    const ds = await readDatasetFiles(files);
    const byCode = new Map(ds.grids!.features.map((g) => [g.properties.code, g.properties]));
    expect(byCode.get(OLD)).toMatchObject({ validTo: '2027-01-01' });
    expect(byCode.get(NEW)).toMatchObject({ validFrom: '2027-01-01', validTo: null, parentCodes: [OLD] });
    expect(byCode.get('330424002201002')).toEqual(proposal.baseUnits.grids.features[1].properties);
    // History stays readable: before the date the old grid is in force, from it the new one.
    const before = Date.parse('2026-12-31T12:00+08:00');
    const after = Date.parse('2027-01-01T00:00+08:00');
    expect([isActive(byCode.get(OLD)!, before), isActive(byCode.get(NEW)!, before)]).toEqual([true, false]);
    expect([isActive(byCode.get(OLD)!, after), isActive(byCode.get(NEW)!, after)]).toEqual([false, true]);
    // Files the approval does not touch are the proposal's, byte for byte.
    expect(files.get('enterprises.geojson')).toBe(proposal.files.get('enterprises.geojson'));

    // The zip is the folder: unpacked, the loader reads it as any dataset; proposal.json rides along as the record.
    const entries = unzipSync(zip);
    const dir = mkdtempSync(join(tmpdir(), 'gridsight-approved-'));
    for (const [name, bytes] of Object.entries(entries)) writeFileSync(join(dir, name), bytes);
    const loaded = await loadDataset(folderSource(dir));
    expect(loaded.grids).toEqual(ds.grids);
    expect(JSON.parse(strFromU8(entries['proposal.json'])).review.decision).toBe('approved');
  });

  it('refuses a second decision, a missing name and a bad date', async () => {
    const { proposal } = await miniProposal();
    const { proposal: approved } = approveProposal(proposal, { by: 'a', comment: '', effective: '2027-01-01', at: AT });
    expect(() => approveProposal(approved, { by: 'b', comment: '', effective: '2027-01-01', at: AT })).toThrow(
      'proposal.json: is already approved by a; it can be decided once',
    );
    expect(() => rejectProposal(approved, { by: 'b', comment: '', at: AT })).toThrow(/already approved/);
    expect(() => approveProposal(proposal, { by: '  ', comment: '', effective: '2027-01-01', at: AT })).toThrow(/reviewer's name/);
    expect(() => approveProposal(proposal, { by: 'a', comment: '', effective: '2027/01/01', at: AT })).toThrow(/YYYY-MM-DD/);
  });
});

describe('rejectProposal', () => {
  it('records who and why; the rejected proposal writes and reads back as rejected', async () => {
    const { proposal } = await miniProposal();
    const rejected = rejectProposal(proposal, { by: '王审', comment: '边界应沿河', at: AT });
    expect(rejected.review).toEqual({ by: '王审', comment: '边界应沿河', at: AT, decision: 'rejected', effective: proposal.effective });
    const back = await readProposal(writeProposal(rejected));
    expect(back.status).toBe('rejected');
    expect(back.review?.comment).toBe('边界应沿河');
    expect(back.files).toEqual(proposal.files);
  });
});

describe('approveProposal: files a plan never changes', () => {
  it('carries them over from the base where the proposal left them out, and lists them in dataset.json', async () => {
    const { proposal } = await miniProposal();
    const files = new Map(proposal.files);
    files.delete('incidents.geojson');
    files.delete('patrols.geojson');
    const slim = { ...proposal, files };
    const carry = new Map([
      ['incidents.geojson', proposal.files.get('incidents.geojson')!],
      ['incidents.csv', 'id,category\n'],
      ['patrols.geojson', proposal.files.get('patrols.geojson')!],
      ['basemap.geojson', '{"type":"FeatureCollection","features":[]}\n'],
    ]);
    const approved = approveProposal(slim, { by: 'a', comment: '', effective: '2027-01-01', at: AT, carry });
    expect(approved.files.get('patrols.geojson')).toBe(proposal.files.get('patrols.geojson'));
    // One form of incidents only: the first carried.
    expect(approved.files.has('incidents.csv')).toBe(false);
    const manifest = JSON.parse(approved.files.get('dataset.json')!);
    expect(manifest.files).toEqual([...JSON.parse(proposal.files.get('dataset.json')!).files, 'basemap.geojson']);
    const ds = await readDatasetFiles(approved.files);
    expect(ds.incidents?.features.length).toBeGreaterThan(0);
    expect(ds.basemap?.features).toEqual([]);
  });

  it('never lets a carried file replace what the proposal holds, nor carries a file a plan changes', async () => {
    const { proposal } = await miniProposal();
    const kept = approveProposal(proposal, { by: 'a', comment: '', effective: '2027-01-01', at: AT, carry: new Map([['patrols.geojson', 'X']]) });
    expect(kept.files.get('patrols.geojson')).toBe(proposal.files.get('patrols.geojson'));
    expect(() =>
      approveProposal(proposal, { by: 'a', comment: '', effective: '2027-01-01', at: AT, carry: new Map([['grids.geojson', 'X']]) }),
    ).toThrow(/^grids\.geojson: is not carried over on approval/);
  });
});
