import { Controller } from '@nestjs/common';
import type { Principal, RequestPayload, ScheduleList, ScheduleView } from '@orbita/contracts';
import { Permission, SchedulesRequests } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { SchedulesService } from './schedules.service';

type Payload<K extends keyof typeof SchedulesRequests> = RequestPayload<(typeof SchedulesRequests)[K]>;

@Controller()
export class SchedulesNatsController {
  constructor(private readonly schedules: SchedulesService) {}

  @Handle(SchedulesRequests.list, Access.permission(Permission.ProcessManage))
  list(@CurrentPrincipal() principal: Principal): Promise<ScheduleList> {
    return this.schedules.list(principal);
  }

  @Handle(SchedulesRequests.create, Access.permission(Permission.ProcessManage))
  create(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'create'>): Promise<ScheduleView> {
    return this.schedules.create(principal, input);
  }

  @Handle(SchedulesRequests.pause, Access.permission(Permission.ProcessManage))
  pause(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'pause'>): Promise<ScheduleView> {
    return this.schedules.pause(principal, input.scheduleId);
  }

  @Handle(SchedulesRequests.resume, Access.permission(Permission.ProcessManage))
  resume(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'resume'>): Promise<ScheduleView> {
    return this.schedules.resume(principal, input.scheduleId);
  }

  @Handle(SchedulesRequests.remove, Access.permission(Permission.ProcessManage))
  remove(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'remove'>,
  ): Promise<{ deleted: true }> {
    return this.schedules.remove(principal, input.scheduleId);
  }
}
