import { Controller } from '@nestjs/common';
import type {
  CreateRecordInput,
  DiffRecordInput,
  ImportRecordsInput,
  ImportResult,
  ListRecordsInput,
  Page,
  Principal,
  PutRegisterInput,
  RecordDiff,
  RegisterList,
  RegisterRecordView,
  RegisterView,
  RequestPayload,
  UpdateRecordInput,
} from '@orbita/contracts';
import { Permission, RegistersRequests } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { RegisterDefinitionsService } from './register-definitions.service';
import { RegistersService } from './registers.service';

@Controller()
export class RegistersNatsController {
  constructor(
    private readonly definitions: RegisterDefinitionsService,
    private readonly registers: RegistersService,
  ) {}

  @Handle(RegistersRequests.list, Access.permission(Permission.TaskRead))
  list(@CurrentPrincipal() principal: Principal): Promise<RegisterList> {
    return this.definitions.list(principal);
  }

  @Handle(RegistersRequests.put, Access.permission(Permission.RegisterManage))
  put(@CurrentPrincipal() principal: Principal, @Input() input: PutRegisterInput): Promise<RegisterView> {
    return this.definitions.put(principal, input.key, input.definition);
  }

  @Handle(RegistersRequests.listRecords, Access.permission(Permission.TaskRead))
  listRecords(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ListRecordsInput,
  ): Promise<Page<RegisterRecordView>> {
    return this.registers.list(principal, input);
  }

  @Handle(RegistersRequests.getRecord, Access.permission(Permission.TaskRead))
  getRecord(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof RegistersRequests.getRecord>,
  ): Promise<RegisterRecordView> {
    return this.registers.get(principal, input.recordId);
  }

  @Handle(RegistersRequests.createRecord, Access.permission(Permission.TaskManage))
  createRecord(
    @CurrentPrincipal() principal: Principal,
    @Input() input: CreateRecordInput,
  ): Promise<RegisterRecordView> {
    return this.registers.create(principal, input);
  }

  @Handle(RegistersRequests.updateRecord, Access.permission(Permission.TaskManage))
  updateRecord(
    @CurrentPrincipal() principal: Principal,
    @Input() input: UpdateRecordInput,
  ): Promise<RegisterRecordView> {
    return this.registers.update(principal, input);
  }

  @Handle(RegistersRequests.diffRecord, Access.permission(Permission.TaskRead))
  diffRecord(@CurrentPrincipal() principal: Principal, @Input() input: DiffRecordInput): Promise<RecordDiff> {
    return this.registers.diff(principal, input);
  }

  @Handle(RegistersRequests.importRecords, Access.permission(Permission.TaskManage))
  importRecords(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ImportRecordsInput,
  ): Promise<ImportResult> {
    return this.registers.import(principal, input);
  }
}
