import { languages, lang, setLang, t, type Language } from '../i18n.ts';

// Each language is named in itself, so a user who cannot read the current UI finds theirs.
const ownName: Record<Language, { label: string; dir: 'ltr' | 'rtl' }> = {
  en: { label: 'English', dir: 'ltr' },
  ar: { label: 'العربية', dir: 'rtl' },
};

export function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('app.language')}>
      {languages.map((l) => (
        <button
          type="button"
          lang={l}
          dir={ownName[l].dir}
          aria-pressed={lang() === l}
          onClick={() => setLang(l)}
        >
          {ownName[l].label}
        </button>
      ))}
    </div>
  );
}
