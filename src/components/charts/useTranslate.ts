import { useI18n } from 'vue-i18n';
import type { Translate } from '../../charts/common';

/**
 * vue-i18n's `t` narrowed to the builders' Translate. Read `locale` inside a computed that calls it, so options are
 * rebuilt when the language changes.
 */
export function useTranslate() {
  const { t, locale } = useI18n();
  const tr: Translate = (key, named) => t(key, named ?? {});
  return { tr, locale };
}
