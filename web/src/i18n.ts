// i18next set up once, with both locales bundled (they are small), and a Solid signal for
// the current language so every `t()` call in a component re-renders on a switch.
import i18next, { type TOptions } from 'i18next';
import { createRoot, createSignal } from 'solid-js';
import ar from '../locales/ar.json';
import en from '../locales/en.json';

export const languages = ['en', 'ar'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'sijill.lang';

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'ar') return stored;
  } catch {
    // localStorage can be unavailable (privacy mode); fall through.
  }
  return navigator.language?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

const start = initialLanguage();

void i18next.init({
  lng: start,
  fallbackLng: 'en',
  supportedLngs: [...languages],
  resources: { en: { translation: en }, ar: { translation: ar } },
  interpolation: { escapeValue: false }, // Solid escapes text itself
  initAsync: false,
  returnNull: false,
});

const [lang, setLangSignal] = createRoot(() => createSignal<Language>(start));
export { lang };

function applyToDocument(l: Language) {
  const html = document.documentElement;
  html.lang = l;
  html.dir = i18next.dir(l);
}
applyToDocument(start);

export function setLang(l: Language) {
  void i18next.changeLanguage(l);
  applyToDocument(l);
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // not remembered; still switched
  }
  setLangSignal(l);
}

export function dir(): 'ltr' | 'rtl' {
  return i18next.dir(lang());
}

/** Whether the current language has its own text for `key` (no fallback to English). */
export function hasOwn(key: string): boolean {
  return i18next.exists(key, { lng: lang(), fallbackLng: [] });
}

/** Translate; reactive on the current language. */
export function t(key: string, options?: TOptions): string {
  lang();
  return i18next.t(key, options) as string;
}

// Locale-aware formatting. Arabic uses Arabic-Indic digits, as the documents do (plain `ar`
// gives Latin digits in current CLDR, so the numbering system is asked for explicitly).
const intlLocale = () => (lang() === 'ar' ? 'ar-u-nu-arab' : lang());

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlLocale()).format(n);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
