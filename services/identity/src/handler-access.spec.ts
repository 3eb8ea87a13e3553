import { describeHandlerAccess } from '@orbita/testing';

// Handlers about the caller alone, which need no permission beyond being signed in.
describeHandlerAccess('identity', __dirname, [
  'identity.user.me',
  'identity.auth.logout',
  'identity.password.change',
]);
