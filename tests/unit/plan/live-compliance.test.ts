import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, GridFeature } from '../../../src/domain/types';
import { LiveCompliance } from '../../../src/geo/plan/live-compliance';
import { checkCodeDuplicates, checkCodeFormat, checkCodeParents } from '../../../src/domain/compliance';
import { datasetAsOf } from '../../../src/domain/stats';
import { loadZhihuiwan } from './plan-fixture';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await loadZhihuiwan();
});
const NOW = Date.parse('2026-11-21T00:00:00+08:00');
const rules = (fs: { rule: string }[], prefix: string) => fs.filter((f) => f.rule.startsWith(prefix)).length;

/** The dataset with grid `i` carrying grid `j`'s code (a new properties object, as an operation makes). */
function withCodeOf(d: Dataset, i: number, j: number): Dataset {
  const features = d.grids!.features.map((f, k) =>
    k === i ? ({ ...f, properties: { ...f.properties, code: d.grids!.features[j].properties.code } } as GridFeature) : f,
  );
  return { ...d, grids: { ...d.grids!, features } };
}

describe('LiveCompliance: the code rules, kept while the units are', () => {
  it('sees a duplicate code that appears, goes and comes back between checks (same units: same findings)', () => {
    const live = new LiveCompliance();
    const clean = live.findings(dataset, NOW);
    expect(rules(clean, 'code-')).toBe(0);
    const dup = withCodeOf(dataset, 1, 0);
    live.touch([dataset.grids!.features[1].properties.code, dataset.grids!.features[0].properties.code]);
    const found = live.findings(dup, NOW);
    expect(found.filter((f) => f.rule === 'code-duplicate').map((f) => f.codes)).toEqual([[dataset.grids!.features[0].properties.code]]);
    // The same units again (nothing touched): the same findings, code rules included.
    expect(live.findings(dup, NOW)).toEqual(found);
    live.touch([dataset.grids!.features[1].properties.code, dataset.grids!.features[0].properties.code]);
    expect(rules(live.findings(dataset, NOW), 'code-')).toBe(0);
  });

  it('gives what the code rules give on the whole dataset when a unit is renamed in place, the other units kept', () => {
    const live = new LiveCompliance();
    live.findings(dataset, NOW);
    const bad = withCodeOf(dataset, 2, 2);
    bad.grids!.features[2] = { ...bad.grids!.features[2], properties: { ...bad.grids!.features[2].properties, code: '33042400' } };
    live.touch([dataset.grids!.features[2].properties.code, '33042400']);
    const codes = (fs: { rule: string; codes: string[] }[]) => fs.filter((f) => f.rule.startsWith('code-')).map((f) => `${f.rule} ${f.codes.join(',')}`).sort();
    const whole = [...checkCodeDuplicates(bad), ...checkCodeFormat(bad), ...checkCodeParents(bad, { asOf: datasetAsOf(bad, NOW) })];
    expect(codes(live.findings(bad, NOW))).toEqual(codes(whole));
    expect(codes(live.findings(bad, NOW)).length).toBeGreaterThan(0);
  });
});
