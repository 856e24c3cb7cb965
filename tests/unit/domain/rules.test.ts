import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATROL_COVERAGE_TARGET, underPatrolTarget } from '../../../src/domain/rules';

const SRC = path.resolve(__dirname, '../../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|vue)$/.test(name) ? [p] : [];
  });
}

describe('underPatrolTarget', () => {
  it('is true for a measured coverage under the target only', () => {
    expect(underPatrolTarget(PATROL_COVERAGE_TARGET - 1e-9)).toBe(true);
    expect(underPatrolTarget(PATROL_COVERAGE_TARGET)).toBe(false);
    expect(underPatrolTarget(1)).toBe(false);
    expect(underPatrolTarget(0)).toBe(true);
    expect(underPatrolTarget(null)).toBe(false);
    expect(underPatrolTarget(undefined)).toBe(false);
  });
});

describe('one constant per rule', () => {
  it('writes the patrol target as a number only in domain/rules (styles and the generator aside)', () => {
    const offenders: string[] = [];
    for (const file of files(SRC)) {
      const rel = path.relative(SRC, file);
      if (rel === path.join('domain', 'rules.ts') || rel.startsWith(path.join('synth', 'generate'))) continue;
      // CSS (an opacity, a grid track) is not the rule: only the script of a component counts.
      const text = readFileSync(file, 'utf8').replace(/<style[\s\S]*?<\/style>/g, '');
      text.split('\n').forEach((line, i) => {
        if (/(?<![\d.])0\.95(?![\d])/.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
