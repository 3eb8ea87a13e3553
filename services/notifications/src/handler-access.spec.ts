import { describeHandlerAccess } from '@orbita/testing';

// One's own inbox (listed, or replayed after a reconnect) is all a notifications handler shows.
describeHandlerAccess('notifications', __dirname, [
  'notifications.notification.list',
  'notifications.notification.since',
]);
