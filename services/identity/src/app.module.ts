import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { IdentityConfig } from './config';
import { identityImports } from './identity.imports';

@Module({})
export class AppModule {
  static register(config: IdentityConfig): DynamicModule {
    return { module: AppModule, imports: identityImports(config, 'service') };
  }
}
