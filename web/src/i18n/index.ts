import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

/**
 * Partner Hub speaks the languages of its seeds. The language comes from the user's choice
 * (localStorage), else the browser's preferences (navigator.languages), else English. English
 * is in the bundle (it is also the fallback); the others load when first needed.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'ja', name: '日本語' },
  { code: 'ro', name: 'Română' },
  { code: 'da', name: 'Dansk' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: unknown }>> = {
  fr: () => import('./fr.json'),
  ja: () => import('./ja.json'),
  ro: () => import('./ro.json'),
  da: () => import('./da.json'),
};
const STORAGE_KEY = 'wh.language';

const isLanguage = (v: string | null | undefined): v is Language => LANGUAGES.some((l) => l.code === v);

function stored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function detectLanguage(preferences: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  const mine = stored();
  if (isLanguage(mine)) return mine;
  for (const tag of preferences) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

async function load(code: Language): Promise<void> {
  if (code === 'en' || i18n.hasResourceBundle(code, 'translation')) return;
  const messages = await loaders[code]();
  i18n.addResourceBundle(code, 'translation', messages.default);
}

/** Switches the language and remembers the choice on this browser. */
export async function setLanguage(code: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  await load(code);
  await i18n.changeLanguage(code);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

/** Resolves once the starting language is loaded: render after it, so nothing flashes in English. */
export async function startI18n(): Promise<void> {
  const lng = detectLanguage();
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  try {
    await load(lng);
    await i18n.changeLanguage(lng);
  } catch {
    // The language file did not load (offline?): stay in English.
  }
  document.documentElement.lang = i18n.language;
}

export default i18n;
