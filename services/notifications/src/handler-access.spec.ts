import { describeHandlerAccess } from '@orbita/testing';

// One's own inbox (listed, replayed after a reconnect, or marked read) is all a notifications handler shows.
describeHandlerAccess('notifications', __dirname, [
  'notifications.notification.list',
  'notifications.notification.since',
  'notifications.notification.mark-read',
  'notifications.notification.mark-all-read',
]);
