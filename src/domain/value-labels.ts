/**
 * The Chinese names of the contract's enumerated values, as grid offices' own tables write them: the import reads
 * "安全生产" as `safety` and "规上" as `above`. They are the app's Chinese labels (src/i18n/zh-CN.ts, which the core
 * may not import); a unit test keeps the two equal.
 */
import type { IncidentCategory, IncidentStatus } from './types';

export const CATEGORY_LABELS_ZH: Record<IncidentCategory, string> = {
  safety: '安全生产',
  fire: '消防安全',
  environment: '生态环境',
  labour: '劳动保障',
  'public-order': '社会治安',
  'enterprise-request': '企业诉求',
  facility: '设施维护',
  party: '党建',
  other: '其他',
};

export const STATUS_LABELS_ZH: Record<IncidentStatus, string> = {
  reported: '已上报',
  accepted: '已受理',
  dispatched: '已派遣',
  'in-progress': '处置中',
  resolved: '已处置',
  verified: '已核查',
  closed: '已结案',
  returned: '已退回',
  extended: '已延期',
  suspended: '已挂起',
};

export const SCALE_LABELS_ZH: Record<'above' | 'below', string> = { above: '规上', below: '规下' };
