import { useI18n } from 'vue-i18n';
import type { PlanRefusalReason, PlanRefusalValues } from '../domain/plan/refusals';

/** A refusal as the page holds it: the engine's English message, and its reason and values when it gave them. */
export interface PlanRefusalLike {
  message: string;
  reason?: PlanRefusalReason;
  values?: PlanRefusalValues;
}

/**
 * Why the planner refused an operation, in the UI language (`plan.refusal.<reason>` with the refusal's values); the
 * engine's English message only when the refusal has no reason. A refused draft replay (values.entry) names its step.
 * @example const why = usePlanRefusalText(); why(plan.lastError) // "边界会与 330424002012009 的边相交或重叠"
 */
export function usePlanRefusalText() {
  const { t } = useI18n();
  return (r: PlanRefusalLike | null | undefined): string => {
    if (!r) return '';
    if (!r.reason) return r.message;
    const values = { ...r.values };
    const text = t(`plan.refusal.${r.reason}`, values);
    return typeof values.entry === 'number' ? t('plan.refusalStep', { entry: values.entry, text }) : text;
  };
}
