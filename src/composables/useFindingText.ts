import { useI18n } from 'vue-i18n';
import type { Finding, MemberUnitProblem } from '../domain/findings';
import { useDatasetStore } from '../stores/dataset';
import { range } from '../domain/compliance/text';

/**
 * Localized one-line text of a finding, saying the same facts as the CLI's English `message` (issue 12): the counts
 * a rule found against what the standard asks, the area and width, and each unit by name and code where the loaded
 * dataset names it. Built from the finding's rule and fields (`facts`); the English message stays a tooltip.
 * @example const text = useFindingText(); text(report.findings[0]) // "网格 一网格（…002）：网格长 2 名（应为 1 名）"
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

  /** A unit by name and code ("一网格（330424…003）"), or its code alone where the dataset has no name for it. */
  const unit = (code: string): string => {
    const index = dataset.index;
    const name = index?.grids?.get(code)?.properties.name ?? index?.microGrids?.get(code)?.properties.name;
    return name && name !== code ? t('validation.facts.named', { name, code }) : code;
  };
  const list = (codes: readonly string[]) => codes.map(unit).join(t('validation.list'));
  const memberProblem = (p: MemberUnitProblem): string =>
    p.problem === 'none'
      ? t('validation.facts.memberNone')
      : p.problem === 'other-grid'
        ? t('validation.facts.memberOtherGrid', { code: unit(p.code), grid: unit(p.grid) })
        : t(`validation.facts.memberProblem.${p.problem}`, { unit: t(`validation.facts.unit.${p.unit}`), code: p.code });

  /** The text from the rule's facts, or '' where the finding carries none (an older report). */
  function factual(f: Finding, name: string): string {
    const facts = f.facts;
    if (!facts) return '';
    const code = f.codes[0] ?? '—';
    if (f.rule === 'staffing' && facts.roles) {
      const roles = facts.roles
        .map((r) => t('validation.facts.roleCount', { role: t(`roles.${r.role}`), has: r.has, needs: r.needs }))
        .join(t('validation.list'));
      const micro = facts.roles.some((r) => r.role === 'micro-leader');
      return t(micro ? 'validation.facts.microStaffing' : 'validation.facts.gridStaffing', { unit: unit(code), roles });
    }
    if (f.rule === 'staffing' && facts.member) {
      const member = dataset.index?.dataset.members?.find((m) => m.id === f.memberId);
      return t('validation.facts.member', {
        role: t(`roles.${facts.member.role}`),
        member: member?.name ? t('validation.facts.named', { name: member.name, code: f.memberId }) : (f.memberId ?? '—'),
        problems: facts.member.problems.map(memberProblem).join(t('validation.list')),
      });
    }
    if (facts.enterprises && f.rule === 'grid-enterprise-count') {
      const { above, below, min, max } = facts.enterprises;
      return t('validation.facts.gridCount', { unit: unit(code), n: above + below, above, below, range: range(min, max) });
    }
    if (facts.enterprises && f.rule === 'microgrid-composition') {
      const { above, below, min, max } = facts.enterprises;
      const holds =
        above + below === 0
          ? t('validation.facts.holdsNone')
          : t('validation.facts.holds', { above, below });
      return t('validation.facts.composition', { unit: unit(code), holds, range: range(min, max) });
    }
    if (facts.declared) {
      const parts = facts.declared.map((d) =>
        t('validation.facts.declaredPart', {
          unit: t(`validation.facts.unit.${d.unit}`),
          declared: unit(d.declared),
          lies: d.lies ? unit(d.lies) : t('validation.facts.nowhere', { unit: t(`validation.facts.unit.${d.unit}`) }),
        }),
      );
      return t('validation.facts.declared', { name, parts: parts.join(t('validation.facts.and')) });
    }
    if (facts.format) {
      return t('validation.facts.format', { unit: t(`validation.facts.unit.${facts.format.unit}`), code, digits: facts.format.digits });
    }
    return '';
  }

  return (f: Finding): string => {
    const name = f.enterpriseId ? (dataset.index?.enterprises.get(f.enterpriseId)?.properties.name ?? f.enterpriseId) : '';
    const said = factual(f, name);
    if (said) return said;
    const key =
      f.rule === 'grid-gap' && !f.codes.length
        ? 'grid-gap-alone'
        : f.rule === 'staffing' && f.memberId
          ? 'staffing-member'
          : f.rule;
    return t(`validation.text.${key}`, {
      codes: list(f.codes) || '—',
      area: `${num(f.areaM2, 1)} m²`,
      width: `${num(f.widthM, 2)} m`,
      name,
      member: f.memberId ?? '',
      reason: f.reason ? t(`validation.reason.${f.reason}`) : '—',
    });
  };
}
