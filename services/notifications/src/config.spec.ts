import { describeComposeConfig } from '@orbita/testing';
import { notificationsConfigShape } from './config';

// docker-compose.yml and .env.example must stay in step with this service's config (./config.ts).
describeComposeConfig('notifications', notificationsConfigShape);
