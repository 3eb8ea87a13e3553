import { Controller } from '@nestjs/common';
import type {
  OperationsReport,
  Principal,
  RegionReport,
  RequestDelays,
  RequestPayload,
  SlaReport,
} from '@orbita/contracts';
import { Permission, ReportsRequests } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { ReportsService } from './reports.service';

type Payload<K extends keyof typeof ReportsRequests> = RequestPayload<(typeof ReportsRequests)[K]>;

@Controller()
export class ReportsNatsController {
  constructor(private readonly reports: ReportsService) {}

  @Handle(ReportsRequests.delays, Access.permission(Permission.TaskRead))
  delays(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'delays'>,
  ): Promise<RequestDelays> {
    return this.reports.delays(principal, input.instanceId);
  }

  @Handle(ReportsRequests.sla, Access.permission(Permission.ReportView))
  sla(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'sla'>): Promise<SlaReport> {
    return this.reports.sla(principal, input);
  }

  @Handle(ReportsRequests.operations, Access.permission(Permission.ReportView))
  operations(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'operations'>,
  ): Promise<OperationsReport> {
    return this.reports.operations(principal, input);
  }

  @Handle(ReportsRequests.regions, Access.permission(Permission.ReportView))
  regions(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'regions'>,
  ): Promise<RegionReport> {
    return this.reports.regions(principal, input);
  }
}
