import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TemplateStatus } from '@orbita/contracts';

/** Solid colours with white text (AA), as the other status tags of the app. */
const STATUS_COLOURS: Record<TemplateStatus, string> = {
  draft: '#0958d9',
  published: '#237804',
  retired: '#595959',
};

export function TemplateStatusTag({ status }: { status: TemplateStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="template-status">
      {t(`templatesAdmin.status.${status}`)}
    </Tag>
  );
}
