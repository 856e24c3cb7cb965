/**
 * Issue 14: `generate`'s overrides (--communities, --towns, --grids, --incidents, --patrol-months) as a user runs
 * them: a folder of the sizes asked for, which `stats` reads as towns and communities; wrong values are a one-line
 * usage error (exit 2) that writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli';

const base = mkdtempSync(join(tmpdir(), 'gridsight-generate-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('generate overrides', { timeout: 120_000 }, () => {
  it('writes 3 communities in 2 towns with about the grids and incidents asked for; stats reads them', () => {
    const out = join(base, 'mini');
    const r = cli(
      'generate',
      '--scale',
      'community',
      '--seed',
      '5',
      '--communities',
      '3',
      '--towns',
      '2',
      '--grids',
      '9',
      '--incidents',
      '400',
      '--patrol-months',
      '2',
      '--out',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const communities = json(out, 'community.geojson').features.map(
      (f: { properties: { code: string; town: string } }) => f.properties,
    );
    expect(communities).toHaveLength(3);
    expect(new Set(communities.map((c: { town: string }) => c.town)).size).toBe(2);
    const grids = json(out, 'grids.geojson').features.length;
    expect(grids).toBeGreaterThanOrEqual(8);
    expect(grids).toBeLessThanOrEqual(10);
    const incidents = json(out, 'incidents.geojson').features.length;
    expect(incidents).toBeGreaterThan(300);
    expect(incidents).toBeLessThan(500);
    expect(json(out, 'dataset.json')).toMatchObject({
      name: '海盐县工业社区样例（合成，3 个社区）',
      synthetic: true,
      seed: 5,
    });
    const stats = JSON.parse(cli('stats', out).stdout);
    expect(stats.towns).toHaveLength(2);
    expect(stats.communities).toHaveLength(3);
    expect(stats.totals.grids).toBe(grids);
    expect(stats.totals.incidents.total).toBe(incidents);
  });

  it.each([
    [['--communities', '0'], /--communities must be a whole number 1–999, got 0/],
    [['--communities', 'three'], /--communities must be a whole number, got "three"/],
    [['--communities', '3', '--towns', '4'], /--towns must be a whole number 1–3 /],
    [['--towns', '2'], /--towns must be a whole number 1–1 /],
    [['--scale', 'county', '--towns', '10'], /--towns must be a whole number 1–9 /],
    [['--communities', '3', '--grids', '2'], /--grids must be a whole number 3–2997 /],
    [['--grids', '1.5'], /--grids must be a whole number, got "1.5"/],
    [['--incidents', '-5'], /^gridsight: generate: Option '--incidents' argument is ambiguous/],
    [['--incidents', '1e6'], /--incidents must be a whole number, got "1e6"/],
    [['--incidents', '99999999'], /--incidents must be a whole number 0–20000000, got 99999999/],
    [['--patrol-months', '1'], /--patrol-months must be a whole number 2–12, got 1/],
    [['--communities', '3', '--defects'], /--defects needs a single community/],
    [['--bogus', '1'], /^gridsight: generate: unknown option --bogus; usage: generate --scale/],
    [['--grids'], /--grids needs a value/],
    [['extra-folder'], /generate takes no folder argument/],
  ])('%j: exit 2, one line on stderr, nothing written', (args, message) => {
    const out = join(base, `bad-${args.join('_').replace(/[^\w-]/g, '')}`);
    const r = cli('generate', '--seed', '1', '--out', out, ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('help lists the overrides', () => {
    const r = cli('help');
    for (const flag of ['--communities N', '--towns N', '--grids N', '--incidents N', '--patrol-months N'])
      expect(r.stdout).toContain(flag);
  });
});
