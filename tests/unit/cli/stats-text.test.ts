/**
 * Issue 12, "CLI output", for `stats`: a text table (times in +08:00, rates in per cent), a warning for a month
 * outside the data, and one-line errors naming what is wrong and where. The CLI runs as a process (the compiled
 * bin, as a user runs it); expected values come from the fixture files and from the same run's JSON.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { monthOf, parseTime } from '../../../src/domain/time';
import { cstMinute, displayWidth, percent } from '../../../src/cli/stats-text';
import { monthWarning } from '../../../src/cli/stats';
import { cli } from './run-cli';

const MINI = 'tests/fixtures/mini';
const USAGE = 'stats DIR [--month YYYY-MM] [--radius M] [--format json|text]';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the mini fixture in a temporary folder. */
function miniCopy(): string {
  const base = mkdtempSync(join(tmpdir(), 'gridsight-stats-text-'));
  temps.push(base);
  const dir = join(base, 'dataset');
  cpSync(MINI, dir, { recursive: true });
  return dir;
}

const readJson = (file: string) => JSON.parse(readFileSync(join(MINI, file), 'utf8'));

/** The first and last CST month of the fixture's incidents (reportedAt) and tracks (startedAt), read from the files. */
function fixtureMonths(): [string, string] {
  const times = [
    ...readJson('incidents.geojson').features.map(
      (f: { properties: { reportedAt: string } }) => f.properties.reportedAt,
    ),
    ...readJson('patrols.geojson').features.map(
      (f: { properties: { startedAt: string } }) => f.properties.startedAt,
    ),
  ].map((s: string) => parseTime(s));
  return [monthOf(Math.min(...times)), monthOf(Math.max(...times))];
}

/** The text's per-cent figure for a rate, checked for the form "NN.N %" and read back as a number. */
function percentIn(cell: string): number {
  expect(cell).toMatch(/^\d{1,3}\.\d %$/);
  return Number(cell.slice(0, -2));
}

describe('stats --format text', () => {
  it("prints a table: community, as-of in +08:00, month, totals and one row per grid (not Node's option error)", () => {
    const r = cli('stats', MINI, '--format', 'text');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(cli('stats', MINI).stdout);
    const community = readJson('community.geojson').features[0].properties;
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('community'))).toContain(`${community.name} (${community.code})`);
    // asOf is written "…T12:00:00+08:00" in the file: the text shows that wall-clock time, not the JSON's UTC one.
    const [day, clock] = (community.asOf as string).split('T');
    expect(lines.find((l) => l.startsWith('as-of'))).toMatch(
      new RegExp(`\\s${day} ${clock.slice(0, 5)} \\(\\+08:00\\)$`),
    );
    expect(r.stdout).not.toContain(json.asOf);
    expect(lines.find((l) => l.startsWith('month'))).toContain(json.month);
    const row = (label: string) =>
      lines
        .find((l) => l.trimStart().startsWith(label))!
        .trim()
        .split(/\s{2,}/);
    expect(row('grids')[1]).toBe(String(json.totals.grids));
    expect(row('enterprises')[1]).toBe(String(json.totals.enterprises.total));
    expect(row('incidents reported')[1]).toBe(String(json.totals.incidents.month.total));
    expect(percentIn(row('closure rate')[1])).toBeCloseTo(json.totals.incidents.month.closureRate * 100, 1);
    expect(percentIn(row('on-time rate')[1])).toBeCloseTo(json.totals.incidents.month.onTimeRate * 100, 1);
    expect(percentIn(row('enterprise coverage')[1])).toBeCloseTo(
      json.totals.patrol.enterpriseCoverage * 100,
      1,
    );
    // One row per grid, its figures those of the JSON.
    for (const g of json.grids) {
      const cells = lines
        .find((l) => l.trim().startsWith(g.code))!
        .trim()
        .split(/\s{2,}/);
      expect(cells[1]).toBe(g.name);
      expect(cells[2]).toBe(String(g.enterprises));
      expect(cells[4]).toBe(String(g.incidents.total));
      for (const [i, rate] of [
        [6, g.closureRate],
        [7, g.onTimeRate],
        [9, g.patrol.enterpriseCoverage],
        [10, g.patrol.areaCoverage],
      ]) {
        if (rate === null) expect(cells[i]).toBe('—');
        else expect(percentIn(cells[i])).toBeCloseTo(rate * 100, 1);
      }
      expect(cells[12]).toBe(g.patrol.leaderPatrolled ? 'yes' : 'no');
    }
  });

  it('shows fractional rates with one decimal and lines Chinese names up in columns (bundled community)', () => {
    const text = cli('stats', 'data/zhihuiwan', '--format', 'text').stdout;
    const json = JSON.parse(cli('stats', 'data/zhihuiwan').stdout);
    expect(text).not.toMatch(/\d\.\d{3,}/); // no raw fractions such as 0.7892156862745098
    const closure = /closure rate\s+(\S+ %)/.exec(text)![1];
    expect(percentIn(closure)).toBeCloseTo(json.totals.incidents.month.closureRate * 100, 1);
    // Grid rows (one per grid) end at the same terminal column before the last cell, a Han character taking two.
    const rows = text
      .split('\n')
      .filter((l) => json.grids.some((g: { code: string }) => l.trim().startsWith(g.code)));
    expect(rows).toHaveLength(json.grids.length);
    const columns = new Set(
      rows.map((l) => l.replace(/\s+(yes|no)$/, '').length + (l.match(/\p{Script=Han}/gu) ?? []).length),
    );
    expect(columns.size).toBe(1);
  });

  it("with several communities (data/haiyan-mini): a row per town and per community, their figures the JSON's", () => {
    const dir = 'data/haiyan-mini';
    const text = cli('stats', dir, '--format', 'text').stdout;
    const json = JSON.parse(cli('stats', dir).stdout);
    const lines = text.split('\n');
    const section = (title: string) => {
      const at = lines.findIndex((l) => l.startsWith(title));
      expect(at, title).toBeGreaterThan(0);
      const end = lines.indexOf('', at);
      return lines.slice(at + 2, end).map((l) => l.trim().split(/\s{2,}/));
    };
    const towns = section(`Towns in ${json.month} (${json.towns.length})`);
    const communities = section(`Communities in ${json.month} (${json.communities.length})`);
    // Towns, then communities, then grids.
    expect(text.indexOf('Towns in')).toBeLessThan(text.indexOf('Communities in'));
    expect(text.indexOf('Communities in')).toBeLessThan(text.indexOf('Grids in'));
    expect(towns.map((r) => r[0])).toEqual(json.towns.map((t: { code: string }) => t.code));
    expect(communities.map((r) => r[0])).toEqual(json.communities.map((c: { code: string }) => c.code));
    type Unit = (typeof json.towns)[number];
    const check = (cells: string[], u: Unit) => {
      const m = u.incidents.month;
      expect(cells[1]).toBe(u.name);
      expect(cells.slice(3, 7)).toEqual([u.grids, u.enterprises.total, m.total, m.closed].map(String));
      expect(percentIn(cells[7])).toBeCloseTo(m.closureRate * 100, 1);
      expect(percentIn(cells[8])).toBeCloseTo(m.onTimeRate * 100, 1);
      expect(cells[9]).toBe(String(u.incidents.overdue));
      expect(percentIn(cells[10])).toBeCloseTo(u.patrol.enterpriseCoverage * 100, 1);
      expect(percentIn(cells[11])).toBeCloseTo(u.patrol.areaCoverage * 100, 1);
      expect(cells[12]).toBe(`${u.patrol.leaderPatrolledGrids}/${u.grids}`);
    };
    json.towns.forEach((t: Unit, k: number) => {
      check(towns[k], t);
      expect(towns[k][2]).toBe(String(t.communityCodes.length));
    });
    json.communities.forEach((c: Unit, k: number) => {
      check(communities[k], c);
      expect(communities[k][2]).toBe(json.towns.find((t: Unit) => t.code === c.townCode).name);
    });
    // One community: no such tables.
    expect(cli('stats', MINI, '--format', 'text').stdout).not.toMatch(/^(Towns|Communities) in/m);
  });

  it('leaves the JSON as it was: --format json is the default output, asOf an ISO time with its offset', () => {
    const plain = cli('stats', MINI, '--month', '2026-02');
    const json = cli('stats', MINI, '--month', '2026-02', '--format', 'json');
    expect(json.code).toBe(0);
    expect(json.stdout).toBe(plain.stdout);
    const s = JSON.parse(json.stdout);
    expect(Date.parse(s.asOf)).toBe(parseTime(readJson('community.geojson').features[0].properties.asOf));
    expect(
      s.totals.incidents.month.closureRate === null ||
        typeof s.totals.incidents.month.closureRate === 'number',
    ).toBe(true);
  });
});

describe('stats --month outside the data', () => {
  const [first, last] = fixtureMonths();
  const before = monthOf(parseTime(`${first}-01T00:00+08:00`) - 1);
  const after = monthOf(parseTime(`${last}-01T00:00+08:00`) + 40 * 86_400_000);

  for (const month of [before, after]) {
    it(`${month}: still exit 0 with the figures, and one warning line naming the months the data covers`, () => {
      for (const format of ['json', 'text']) {
        const r = cli('stats', MINI, '--month', month, '--format', format);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe(
          `gridsight: warning: ${month} has no data: the incidents and patrol tracks cover ${first} to ${last}\n`,
        );
        if (format === 'json') {
          const s = JSON.parse(r.stdout);
          expect(s.month).toBe(month);
          expect(s.totals.incidents.month.total).toBe(0);
          expect(s.totals.patrol.tracksInMonth).toBe(0);
        } else {
          expect(r.stdout).toMatch(new RegExp(`^month\\s+${month}`, 'm'));
        }
      }
    });
  }

  it('says nothing for a month inside the data', () => {
    for (const month of [first, last]) {
      const r = cli('stats', MINI, '--month', month);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
  });

  it('monthWarning: null inside the span, a line outside it, and one for a folder with no incidents or tracks', () => {
    expect(monthWarning(first, { first, last })).toBeNull();
    expect(monthWarning(before, { first, last })).toMatch(
      new RegExp(`^warning: ${before} has no data: .* cover ${first} to ${last}$`),
    );
    expect(monthWarning(first, null)).toMatch(/no incidents and no patrol tracks/);
  });
});

describe('stats errors: one line, exit 2, naming what and where', () => {
  const oneLine = (r: { code: number | null; stdout: string; stderr: string }, label: string) => {
    expect(r.code, label).toBe(2);
    expect(r.stdout, label).toBe('');
    expect(r.stderr, label).toMatch(/^gridsight: [^\n]+\n$/);
    expect(r.stderr, label).not.toMatch(/\n\s+at |To specify a positional argument/);
  };

  it('names an unknown option or a missing value, with the usage', () => {
    for (const [args, what] of [
      [['--format', 'text', '--bogus'], 'unknown option --bogus'],
      [['-x'], 'unknown option -x'],
      [['--format'], '--format needs a value'],
      [['--month'], '--month needs a value'],
    ] as const) {
      const r = cli('stats', MINI, ...args);
      oneLine(r, args.join(' '));
      expect(r.stderr).toBe(`gridsight: stats: ${what}; usage: ${USAGE}\n`);
    }
  });

  it('names a wrong --format value', () => {
    const r = cli('stats', MINI, '--format', 'xml');
    oneLine(r, '--format xml');
    expect(r.stderr).toBe('gridsight: --format must be json or text, got "xml"\n');
  });

  it('names an unreadable file by its path in the folder', () => {
    const dir = miniCopy();
    writeFileSync(join(dir, 'incidents.geojson'), '{"type": "FeatureCollection", "features": [');
    for (const format of ['json', 'text']) {
      const r = cli('stats', dir, '--format', format);
      oneLine(r, format);
      expect(r.stderr).toMatch(
        new RegExp(
          `^gridsight: ${join(dir, 'incidents.geojson').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON`,
        ),
      );
    }
  });
});

describe('text helpers', () => {
  it('percent: one decimal and a space before %, "—" for nothing to count', () => {
    expect(percent(0.5)).toBe('50.0 %');
    expect(percent(1)).toBe('100.0 %');
    expect(percent(0)).toBe('0.0 %');
    expect(percent(null)).toBe('—');
  });
  it('cstMinute: a UTC time shown in China Standard Time', () => {
    expect(cstMinute('2026-11-20T00:00:00.000Z')).toBe('2026-11-20 08:00 (+08:00)');
    // Past midnight CST is the next day.
    expect(cstMinute('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30 (+08:00)');
  });
  it('displayWidth: Han characters take two columns', () => {
    expect(displayWidth('一网格')).toBe(6);
    expect(displayWidth('grid 1')).toBe(6);
  });
});
