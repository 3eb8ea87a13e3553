import type { DynamicModule } from '@nestjs/common';
import { Global, Module } from '@nestjs/common';

/** Makes a service's validated config injectable everywhere in it under the service's own token. */
@Global()
@Module({})
export class ServiceConfigModule {
  static provide(token: symbol, config: unknown): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [{ provide: token, useValue: config }],
      exports: [token],
    };
  }
}
