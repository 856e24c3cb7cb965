/**
 * Issue 14: the generator's `towns` and `patrolMonths` options and the checks of its overrides. Presets stay as they
 * were: all of TOWNS by default (so an explicit 9 changes nothing), twelve months of tracks, the preset's name.
 */
import { describe, expect, it } from 'vitest';
import { monthOf, parseTime } from '../../../src/domain/time';
import {
  checkGenerateOptions,
  generateDataset,
  type GenerateOptions,
} from '../../../src/synth/generate/index';
import { TOWNS } from '../../../src/synth/generate/towns';

const small: GenerateOptions = {
  scale: 'community',
  seed: 5,
  communities: 3,
  grids: 9,
  incidents: 50,
  patrolMonths: 2,
};

describe('generate: towns', { timeout: 60_000 }, () => {
  it('spreads the communities over the first N towns, in code order, each town a run of serials from 001', () => {
    for (const towns of [1, 2, 3]) {
      const ds = generateDataset({ ...small, towns });
      const props = ds.community.features.map((f) => f.properties);
      const used = TOWNS.slice(0, towns);
      expect(new Set(props.map((p) => p.code.slice(0, 9)))).toEqual(new Set(used.map((t) => t.code)));
      for (const p of props) {
        const town = TOWNS.find((t) => p.code.startsWith(t.code))!;
        expect(p.town).toBe(town.name);
        expect(p.county).toBe('海盐县');
      }
      for (const t of used) {
        const serials = props
          .filter((p) => p.code.startsWith(t.code))
          .map((p) => p.code.slice(9))
          .sort();
        expect(serials).toEqual(serials.map((_, k) => String(k + 1).padStart(3, '0')));
      }
      // Grids belong to their community by code and by communityCode.
      for (const g of ds.grids.features)
        expect(g.properties.code.startsWith(g.properties.communityCode!)).toBe(true);
    }
  });

  it('an explicit towns equal to all of TOWNS is the default, byte for byte', () => {
    const base: GenerateOptions = { scale: 'county', seed: 3, communities: 12, grids: 24, incidents: 200 };
    const dump = (o: GenerateOptions) => {
      const ds = generateDataset(o);
      return JSON.stringify([ds.community, ds.grids, ds.members, [...ds.incidents()]]);
    };
    expect(dump({ ...base, towns: TOWNS.length })).toBe(dump(base));
    expect(dump({ ...base, towns: 2 })).not.toBe(dump(base));
  });

  it('names a sample by its communities and says its overrides; presets keep their name and description', () => {
    const ds = generateDataset({ ...small, towns: 2 });
    expect(ds.manifest.name).toBe('海盐县工业社区样例（合成，3 个社区）');
    expect(ds.manifest.description).toContain(
      'scale community，seed 5，communities 3，towns 2，grids 9，incidents 50，patrol-months 2，asOf',
    );
    expect(ds.manifest.synthetic).toBe(true);
    const preset = generateDataset({ scale: 'community', seed: 33 });
    expect(preset.manifest.name).toBe('智汇湾工业社区');
    expect(preset.manifest.description).toBe(
      '合成数据（synthetic）：scale community，seed 33，asOf 2026-11-20T17:00:00+08:00；由 GridSight generate 生成，不对应真实企业或人员。',
    );
  });
});

describe('generate: patrolMonths', { timeout: 60_000 }, () => {
  it('keeps the tracks of the last N months, the month of asOf included; incidents still cover 12', () => {
    const months = (ds: ReturnType<typeof generateDataset>) =>
      [...new Set(ds.patrols.features.map((f) => monthOf(parseTime(f.properties.startedAt))))].sort();
    const two = generateDataset(small);
    expect(months(two)).toEqual(['2026-10', '2026-11']);
    const twelve = generateDataset({ ...small, patrolMonths: undefined });
    expect(months(twelve)).toHaveLength(12);
    expect(months(twelve).at(-1)).toBe('2026-11');
    const reported = [...two.incidents()].map((f) => monthOf(parseTime(f.properties.reportedAt))).sort();
    expect(reported[0] < '2026-03').toBe(true);
    expect(reported.at(-1)).toBe('2026-11');
  });
});

describe('checkGenerateOptions', () => {
  it('accepts the presets and sensible overrides', () => {
    expect(checkGenerateOptions({ scale: 'community', seed: 1 })).toBeNull();
    expect(checkGenerateOptions({ scale: 'county', seed: 1 })).toBeNull();
    expect(checkGenerateOptions({ ...small, towns: 2 })).toBeNull();
    expect(checkGenerateOptions({ scale: 'county', seed: 1, towns: 9, grids: 60, incidents: 0 })).toBeNull();
  });

  it.each([
    [{ communities: 0 }, /^communities must be a whole number 1–999, got 0$/],
    [{ communities: 2.5 }, /^communities must/],
    [{ communities: 3, grids: 2 }, /^grids must be a whole number 3–2997 .*got 2$/],
    [{ grids: 1000 }, /^grids must be a whole number 1–999 /], // one community: at most 999 grid serials
    [{ incidents: -1 }, /^incidents must be a whole number 0–20000000, got -1$/],
    [{ incidents: Number.NaN }, /^incidents must/],
    [{ communities: 3, towns: 4 }, /^towns must be a whole number 1–3 .*got 4$/],
    [{ towns: 2 }, /^towns must be a whole number 1–1 /], // the community preset has one community
    [{ communities: 30, towns: 10 }, /^towns must be a whole number 1–9 .*got 10$/],
    [{ communities: 3, towns: 0 }, /^towns must/],
    [{ patrolMonths: 1 }, /^patrol-months must be a whole number 2–12, got 1$/],
    [{ patrolMonths: 13 }, /^patrol-months must/],
  ] as [Partial<GenerateOptions>, RegExp][])(
    'refuses %o in one line naming the option',
    (override, message) => {
      const options: GenerateOptions = { scale: 'community', seed: 1, ...override };
      expect(checkGenerateOptions(options)).toMatch(message);
      expect(() => generateDataset(options)).toThrow(RangeError);
    },
  );
});
