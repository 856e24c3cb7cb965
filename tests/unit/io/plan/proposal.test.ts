import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { readProposal, writeProposal, proposalMeta } from '../../../../src/io/plan/proposal';
import { DatasetError } from '../../../../src/io/errors';
import { EFFECTIVE, NEW, OLD, miniProposal } from './proposal-fixture';

/** The zip's entries as text, to tamper with. */
function entriesOf(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([k, v]) => [k, strFromU8(v)]));
}
const rezip = (entries: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)])));

async function rejection(bytes: Uint8Array, name?: string): Promise<DatasetError> {
  try {
    await readProposal(bytes, { name });
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected readProposal to refuse');
}

describe('writeProposal / readProposal', () => {
  it('round-trips: proposal.json, the proposed dataset (parsed), the base units', async () => {
    const { base, proposal } = await miniProposal();
    const zip = writeProposal(proposal);
    const names = Object.keys(unzipSync(zip)).sort();
    expect(names).toContain('proposal.json');
    expect(names).toContain('base/grids.geojson');
    expect(names).toContain('base/microgrids.geojson');
    expect(names).toContain('dataset/dataset.json');
    expect(names).toContain('dataset/grids.geojson');
    const back = await readProposal(zip);
    expect(proposalMeta(back)).toEqual(proposalMeta(proposal));
    expect(back.status).toBe('submitted');
    expect(back.reason).toBe('企业数不足 <script>alert(1)</script>');
    expect(back.files).toEqual(proposal.files);
    expect(back.baseUnits.grids).toEqual(base.grids);
    expect(back.dataset.grids!.features.map((g) => [g.properties.code, g.properties.validTo ?? null])).toEqual([
      [OLD, EFFECTIVE],
      ['330424002201002', null],
      [NEW, null],
    ]);
    expect(back.dataset.enterprises).toEqual(base.enterprises);
    // The same proposal gives the same bytes.
    expect(writeProposal(proposal)).toEqual(zip);
  });

  it('refuses bytes that are not a zip, naming the file', async () => {
    const e = await rejection(strToU8('hello, not a zip'), 'x.zip');
    expect(e.message).toMatch(/^x\.zip: is not a zip file/);
  });

  it('refuses a zip that declares more than it may unpack, before inflating it', async () => {
    const zip = rezip({ 'proposal.json': '{}' });
    // The central directory's "uncompressed size" of the one entry, set to ~4 GB (a zip bomb's claim).
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let at = zip.length - 22;
    while (view.getUint32(at, true) !== 0x06054b50) at--;
    const central = view.getUint32(at + 16, true);
    expect(view.getUint32(central, true)).toBe(0x02014b50);
    view.setUint32(central + 24, 0xfffffff0, true);
    const e = await rejection(zip, 'bomb.zip');
    expect(e.message).toBe('bomb.zip: unpacks to more than 1024 MiB; not read');
  });

  it('refuses a zip without proposal.json', async () => {
    const e = await rejection(rezip({ 'readme.txt': 'hi' }), 'x.zip');
    expect(e.message).toBe('x.zip: has no proposal.json: not a GridSight proposal, or an incomplete one');
  });

  it('refuses another format and an unknown version', async () => {
    const { proposal } = await miniProposal();
    const entries = entriesOf(writeProposal(proposal));
    const meta = JSON.parse(entries['proposal.json']);
    const e1 = await rejection(rezip({ ...entries, 'proposal.json': JSON.stringify({ ...meta, format: 'other' }) }));
    expect(e1.message).toMatch(/^proposal\.zip\/proposal\.json: "format": must be "gridsight-proposal"/);
    const e2 = await rejection(rezip({ ...entries, 'proposal.json': JSON.stringify({ ...meta, version: 2 }) }));
    expect(e2.message).toMatch(/"version": is 2; this GridSight reads version 1/);
    const e3 = await rejection(rezip({ ...entries, 'proposal.json': '{ nope' }));
    expect(e3.message).toMatch(/^proposal\.zip\/proposal\.json: is not valid JSON/);
    const e4 = await rejection(rezip({ ...entries, 'proposal.json': JSON.stringify({ ...meta, effective: '1 Dec' }) }));
    expect(e4.message).toMatch(/"effective": must be a date, YYYY-MM-DD/);
  });

  it('names a bad operation in the log by the ops schema', async () => {
    const { proposal } = await miniProposal();
    const entries = entriesOf(writeProposal(proposal));
    const meta = JSON.parse(entries['proposal.json']);
    meta.log[0].op = { op: 'split', grid: OLD, line: [[121, 30]] };
    const e = await rejection(rezip({ ...entries, 'proposal.json': JSON.stringify(meta) }));
    expect(e.message).toMatch(/^proposal\.zip\/proposal\.json: log: item 1 \(split\): "line"/);
  });

  it('names a bad dataset file inside the zip, and a missing one', async () => {
    const { proposal } = await miniProposal();
    const entries = entriesOf(writeProposal(proposal));
    const e = await rejection(rezip({ ...entries, 'dataset/grids.geojson': '{"type":"FeatureCollection","features":[{"type":"Feature"}]}' }), 'p.zip');
    expect(e.message).toMatch(/^p\.zip\/dataset\/grids\.geojson: 3 problems: feature 0: geometry must be/);
    const { 'dataset/grids.geojson': _gone, ...rest } = entries;
    const e2 = await rejection(rezip(rest), 'p.zip');
    expect(e2.message).toMatch(/^p\.zip\/dataset\/grids\.geojson: is missing from p\.zip\/dataset/);
    const e3 = await rejection(rezip({ ...entries, 'dataset/../evil.sh': 'x' }), 'p.zip');
    expect(e3.message).toBe("p.zip/dataset/../evil.sh: is not a file of the data contract; a proposal's dataset holds only those");
    const { 'base/microgrids.geojson': _gone2, ...rest2 } = entries;
    expect((await rejection(rezip(rest2), 'p.zip')).message).toMatch(/^p\.zip: has no base\/microgrids\.geojson/);
  });
});
