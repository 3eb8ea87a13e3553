import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'orbita:public-route';

/**
 * Marks an HTTP route (or controller) as reachable without a token. Every other route is guarded;
 * a test enumerates the routes and fails on any that is neither guarded nor marked public.
 */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_ROUTE, true);
