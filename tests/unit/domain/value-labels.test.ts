import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS_ZH, SCALE_LABELS_ZH, STATUS_LABELS_ZH } from '../../../src/domain/value-labels';
import { zhCN } from '../../../src/i18n/zh-CN';

describe('the import reads the values by the app’s own Chinese labels', () => {
  it('has the same labels as the app', () => {
    expect(CATEGORY_LABELS_ZH).toEqual(zhCN.categories);
    expect(STATUS_LABELS_ZH).toEqual(zhCN.statuses);
    expect(SCALE_LABELS_ZH).toEqual(zhCN.scale);
  });
});
