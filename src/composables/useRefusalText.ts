import { useI18n } from 'vue-i18n';
import type { DataRefusal } from '../io/dataset-url-policy';

/**
 * Why a `?data=` link was not followed, in the UI language (one text for the overview's banner and the wall's).
 * @example const why = useRefusalText(); why(dataset.refused) // "指向其他网站（https://evil.example），且未列在 config.json 中"
 */
export function useRefusalText() {
  const { t } = useI18n();
  return (r: DataRefusal | null | undefined): string =>
    r ? t(`datasets.refused.why.${r.reason}`, { origin: r.origin ?? '' }) : '';
}
