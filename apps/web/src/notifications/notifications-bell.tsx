import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NotificationKind } from '@orbita/contracts';
import { currentLanguage } from '../i18n/i18n';
import { useNotifications } from './notifications-context';

/** The bell in the header: the unread count, live, and the newest notifications to mark read. */
export function NotificationsBell() {
  const { t } = useTranslation();
  const { items, unreadCount, live, markRead, markAllRead } = useNotifications();
  const [open, setOpen] = useState(false);
  const language = currentLanguage();
  const format = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });

  const content = (
    <div className="bell-panel" data-testid="notifications-panel">
      {!live && <Typography.Text type="secondary">{t('notifications.offline')}</Typography.Text>}
      {items.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('notifications.empty')}</Typography.Paragraph>
      ) : (
        <ul className="bell-list">
          {items.map((item) => (
            <li key={item.id} className={item.read ? 'bell-item' : 'bell-item bell-item-unread'}>
              <div className="bell-item-text">
                <Typography.Text type="secondary" className="bell-kind">
                  {t(`notifications.kind.${item.kind as NotificationKind}`, { defaultValue: item.kind })}
                </Typography.Text>
                {/* The deep link is a path of this app (libs/contracts deepLinkOf): opened here, read. */}
                <Link
                  to={item.link}
                  className="bell-link"
                  onClick={() => {
                    setOpen(false);
                    if (!item.read) {
                      void markRead(item.id);
                    }
                  }}
                >
                  <Typography.Text strong={!item.read}>{item.title}</Typography.Text>
                </Link>
                {item.message && <Typography.Text>{item.message[language]}</Typography.Text>}
                <Typography.Text type="secondary" className="bell-time">
                  {format.format(new Date(item.createdAt))}
                </Typography.Text>
              </div>
              {!item.read && (
                <Button
                  size="small"
                  type="text"
                  icon={<CheckOutlined />}
                  title={t('notifications.markRead')}
                  aria-label={`${t('notifications.markRead')}: ${item.title}`}
                  onClick={() => void markRead(item.id)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <>
      <Button
        type="text"
        className="header-button"
        aria-label={
          unreadCount > 0 ? t('notifications.bellUnread', { count: unreadCount }) : t('notifications.bell')
        }
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="notifications-bell"
        onClick={() => {
          setOpen(true);
        }}
        icon={
          <Badge count={unreadCount} size="small" overflowCount={99} data-testid="notifications-count">
            <BellOutlined className="header-icon" />
          </Badge>
        }
      />
      {/* A side panel rather than a popover: on a 360 px phone it takes the screen, never spills off it. */}
      <Drawer
        title={t('notifications.title')}
        open={open}
        onClose={() => {
          setOpen(false);
        }}
        size="min(400px, 100vw)"
        extra={
          // Mounted only when useful: a disabled button fading in has too little contrast meanwhile.
          unreadCount > 0 && (
            <Button type="link" size="small" onClick={() => void markAllRead()}>
              {t('notifications.markAllRead')}
            </Button>
          )
        }
      >
        {content}
      </Drawer>
    </>
  );
}
