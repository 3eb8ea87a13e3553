import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { InstancesModule } from '../instances/instances.module';
import { RegistersModule } from '../registers/registers.module';
import { ClientsNatsController } from './clients.nats.controller';
import { ClientsService } from './clients.service';

/** The client card: an external org's registers, requests and documents in one answer. */
@Module({
  imports: [DirectoryModule, InstancesModule, RegistersModule],
  controllers: [ClientsNatsController],
  providers: [ClientsService],
})
export class ClientsModule {}
