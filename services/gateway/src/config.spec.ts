import { describeComposeConfig } from '@orbita/testing';
import { gatewayConfigShape } from './config';

// docker-compose.yml and .env.example must stay in step with this service's config (./config.ts).
describeComposeConfig('gateway', gatewayConfigShape);
