import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { zhCN } from '../../../src/i18n/zh-CN';

/** Every message string with its dotted key. */
function entries(messages: object, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : entries(v as object, `${prefix}${k}.`),
  );
}

describe('messages cite the rules instead of writing their figures', () => {
  for (const [name, messages] of [['en', en], ['zh-CN', zhCN]] as const) {
    it(`${name}: no message writes the 95 % patrol target; the patrol messages take it as {target}`, () => {
      const all = entries(messages);
      // Gi* confidence levels ("95 % confidence") are statistics, not a rule of the standard.
      const written = all.filter(([, v]) => /95\s?%/.test(v) && !/confidence|置信度/.test(v));
      expect(written).toEqual([]);
      const byKey = new Map(all);
      for (const key of ['analysis.belowTarget', 'charts.patrol.below', 'wall.alert.gridCount', 'analysisMap.legend.flagged']) {
        expect(byKey.get(key), key).toContain('{target}');
      }
    });
  }
});
