import { describeHandlerAccess } from '@orbita/testing';

// One's own inbox (listed, replayed after a reconnect, or marked read) and one's own notification
// preferences are all a self-only notifications handler shows or changes.
describeHandlerAccess('notifications', __dirname, [
  'notifications.notification.list',
  'notifications.notification.since',
  'notifications.notification.mark-read',
  'notifications.notification.mark-all-read',
  'notifications.preferences.get',
  'notifications.preferences.set',
]);
