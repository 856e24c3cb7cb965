import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GEOMETRY_REASONS } from '../../../src/domain/findings';
import { en } from '../../../src/i18n/en';
import { zhCN } from '../../../src/i18n/zh-CN';

const srcDir = fileURLToPath(new URL('../../../src/', import.meta.url));

const flat = (o: object, p = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? flat(v, `${p}${k}.`) : [`${p}${k}`]));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sources(path);
    return /\.(ts|vue)$/.test(e.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

/**
 * What the code names: whole keys in quotes ('panel.code'), and the prefixes of keys it builds (`roles.${r}`,
 * 'wall.' + x), under which every key counts as used.
 */
function named(code: string): { whole: Set<string>; prefixes: string[] } {
  const whole = new Set<string>();
  const prefixes: string[] = [];
  for (const m of code.matchAll(/(['"`])((?:[A-Za-z][\w-]*\.)*[A-Za-z][\w-]*)(\.?)(\$\{|\1\s*\+|\1)/g)) {
    if (m[4] === m[1]) whole.add(m[2] + m[3]);
    else if (m[3]) prefixes.push(`${m[2]}.`);
  }
  return { whole, prefixes };
}

describe('i18n messages', () => {
  it('has the same keys in both languages', () => {
    expect(flat(en).sort()).toEqual(flat(zhCN).sort());
  });

  it('has no key the code never uses (neither by name nor under a prefix it builds keys from)', () => {
    const { whole, prefixes } = named(sources(srcDir).join('\n'));
    const unused = flat(zhCN).filter((k) => !whole.has(k) && !prefixes.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('names every invalid-geometry reason in both languages', () => {
    for (const messages of [en, zhCN]) {
      const keys = Object.keys(messages.validation.reason).sort();
      expect(keys).toEqual([...GEOMETRY_REASONS].sort());
    }
  });
});
