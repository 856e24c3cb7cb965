import { useI18n } from 'vue-i18n';
import type { ImportIssue } from '../io/import/types';

/**
 * An import issue in the UI's language: its `code` translated where the messages name it (the common ones), with
 * the pipeline's English reason kept as the detail (it names the other feature, the column, the value); a code
 * without a translation shows the English reason alone.
 * @example const text = useImportIssueText(); text({ code: 'duplicateCode', reason: '…' }).text // '编码重复'
 */
export function useImportIssueText() {
  const { t, te } = useI18n();
  return (issue: ImportIssue): { text: string; detail: string } => {
    const key = `importData.code.${issue.code}`;
    return te(key) ? { text: t(key), detail: issue.reason } : { text: issue.reason, detail: '' };
  };
}
