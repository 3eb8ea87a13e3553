import { Module } from '@nestjs/common';
import { OwnerOrgs } from './owner-orgs';
import { RecordValidator } from './record-validator';
import { RegisterDefinitionRepository } from './register-definition.repository';
import { RegisterDefinitionsService } from './register-definitions.service';
import { RegisterRecordRepository } from './register-record.repository';
import { RegistersNatsController } from './registers.nats.controller';
import { RegistersService } from './registers.service';

/**
 * Registers: definitions as data and the records orgs own. RegistersService is exported for the
 * process engine (applyFromProcess, recordsForOrg), which calls it in-process; the record
 * repository for the per-region report, which reads a changed record by id (ADR 024).
 */
@Module({
  controllers: [RegistersNatsController],
  providers: [
    RegistersService,
    RegisterDefinitionsService,
    RecordValidator,
    OwnerOrgs,
    RegisterRecordRepository,
    RegisterDefinitionRepository,
  ],
  exports: [RegistersService, RegisterDefinitionsService, RegisterRecordRepository],
})
export class RegistersModule {}
