import { Controller } from '@nestjs/common';
import type {
  AssignCalendarInput,
  CalendarList,
  CalendarView,
  CreateCalendarInput,
  Principal,
  RequestPayload,
  UpdateCalendarInput,
} from '@orbita/contracts';
import { CalendarsRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { CalendarsService } from './calendars.service';

@Controller()
export class CalendarsNatsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Handle(CalendarsRequests.list, Access.permission(Permission.TaskRead))
  list(@CurrentPrincipal() principal: Principal): Promise<CalendarList> {
    return this.calendars.list(principal);
  }

  @Handle(CalendarsRequests.get, Access.permission(Permission.TaskRead))
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof CalendarsRequests.get>,
  ): Promise<CalendarView> {
    return this.calendars.get(principal, input.key);
  }

  @Handle(CalendarsRequests.create, Access.permission(Permission.CalendarManage))
  create(
    @CurrentPrincipal() principal: Principal,
    @Input() input: CreateCalendarInput,
  ): Promise<CalendarView> {
    return this.calendars.create(principal, input.key, input.calendar);
  }

  @Handle(CalendarsRequests.update, Access.permission(Permission.CalendarManage))
  update(
    @CurrentPrincipal() principal: Principal,
    @Input() input: UpdateCalendarInput,
  ): Promise<CalendarView> {
    return this.calendars.update(principal, input.key, input.calendar);
  }

  @Handle(CalendarsRequests.assign, Access.permission(Permission.CalendarManage))
  assign(
    @CurrentPrincipal() principal: Principal,
    @Input() input: AssignCalendarInput,
  ): Promise<CalendarView> {
    return this.calendars.assign(principal, input.key, input.orgIds);
  }
}
