import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { browserStorage } from '../api/browser-storage';
import { en } from './en';
import { ru } from './ru';

export type Language = 'ru' | 'en';

export const LANGUAGES: readonly Language[] = ['ru', 'en'];

/** Where the chosen language is remembered; Russian until someone picks English. */
const STORAGE_KEY = 'orbita.language';

/**
 * The language asked for by the address (`?lang=en`: the embedded portal's `lang`, a link in an
 * e-mail), remembered as if chosen; else the one chosen before.
 */
export function storedLanguage(): Language {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked === 'ru' || asked === 'en') {
    browserStorage.setItem(STORAGE_KEY, asked);
  }
  const stored = browserStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'ru';
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'ru';
}

export async function setLanguage(language: Language): Promise<void> {
  browserStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

export async function initI18n(): Promise<void> {
  const language = storedLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'ru',
    resources: { ru: { translation: ru }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
