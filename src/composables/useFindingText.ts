import { useI18n } from 'vue-i18n';
import type { Finding } from '../domain/findings';
import { useDatasetStore } from '../stores/dataset';

/**
 * Localized one-line text of a finding, built from its rule, codes, area and width (the report's `message` is
 * English and stays a tooltip). Enterprises are named by their name when the loaded dataset knows them.
 * @example const text = useFindingText(); text(report.findings[0]) // "网格 …002、…003 重叠 1,988.7 m²（最宽 7.23 m）"
 */
export function useFindingText() {
  const { t, locale } = useI18n();
  const dataset = useDatasetStore();

  // One formatter per language and precision, not two per finding (a county's findings list has thousands).
  const formats = new Map<string, Intl.NumberFormat>();
  const num = (x: number | undefined, digits: number) => {
    if (x === undefined) return '—';
    const k = `${locale.value}|${digits}`;
    let f = formats.get(k);
    if (!f) formats.set(k, (f = new Intl.NumberFormat(locale.value, { maximumFractionDigits: digits })));
    return f.format(x);
  };

  return (f: Finding): string => {
    const codes = f.codes.join(t('validation.list'));
    const name = f.enterpriseId ? (dataset.index?.enterprises.get(f.enterpriseId)?.properties.name ?? f.enterpriseId) : '';
    const key =
      f.rule === 'grid-gap' && !f.codes.length
        ? 'grid-gap-alone'
        : f.rule === 'staffing' && f.memberId
          ? 'staffing-member'
          : f.rule;
    return t(`validation.text.${key}`, {
      codes: codes || '—',
      area: `${num(f.areaM2, 1)} m²`,
      width: `${num(f.widthM, 2)} m`,
      name,
      member: f.memberId ?? '',
      reason: f.reason ? t(`validation.reason.${f.reason}`) : '—',
    });
  };
}
