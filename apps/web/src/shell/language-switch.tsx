import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/i18n';
import { LANGUAGES, currentLanguage, setLanguage } from '../i18n/i18n';

/** RU | EN: the choice is remembered in this browser and sent to the API as Accept-Language. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('language.label')}
      value={currentLanguage()}
      options={LANGUAGES.map((language) => ({
        value: language,
        label: (
          <span lang={language} title={t(`language.${language}`)}>
            {language.toUpperCase()}
          </span>
        ),
      }))}
      onChange={(language) => void setLanguage(language)}
    />
  );
}
