import { describeHandlerAccess } from '@orbita/testing';

// One's own inbox is all a notifications handler shows.
describeHandlerAccess('notifications', __dirname, ['notifications.notification.list']);
