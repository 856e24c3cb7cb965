import { createI18n } from 'vue-i18n';
import { zhCN, type Messages } from './zh-CN';
import { en } from './en';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** localStorage key that remembers the user's language between visits. */
export const LOCALE_STORAGE_KEY = 'gridsight.locale';

function storedLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // Storage can be disabled (private mode, file://); the default is then fine.
  }
  return 'zh-CN';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/** Switches the UI language, remembers it and keeps <html lang> right for screen readers and fonts. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered, but the switch itself still works.
  }
}
