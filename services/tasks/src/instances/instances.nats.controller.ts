import { Controller } from '@nestjs/common';
import type {
  AcknowledgementProgress,
  FeedEntryView,
  InstanceSummary,
  InstanceView,
  Page,
  Principal,
  RequestPayload,
} from '@orbita/contracts';
import { Permission, ProcessRequests } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { FeedsService } from '../feeds/feeds.service';
import { AcknowledgementsService } from './acknowledgements.service';
import { InstancesService } from './instances.service';

type Payload<K extends keyof typeof ProcessRequests> = RequestPayload<(typeof ProcessRequests)[K]>;

@Controller()
export class InstancesNatsController {
  constructor(
    private readonly instances: InstancesService,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly feeds: FeedsService,
  ) {}

  @Handle(ProcessRequests.start, Access.permission(Permission.TaskRead))
  start(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'start'>): Promise<InstanceView> {
    return this.instances.start(principal, input);
  }

  @Handle(ProcessRequests.access, Access.permission(Permission.TaskRead))
  async access(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'access'>,
  ): Promise<{ instanceId: string; clientOrgId: string | null }> {
    const instance = await this.instances.visible(principal, input.instanceId);
    return { instanceId: instance._id, clientOrgId: instance.clientOrgId };
  }

  @Handle(ProcessRequests.get, Access.permission(Permission.TaskRead))
  get(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'get'>): Promise<InstanceView> {
    return this.instances.get(principal, input.instanceId);
  }

  @Handle(ProcessRequests.list, Access.permission(Permission.TaskRead))
  list(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'list'>,
  ): Promise<Page<InstanceSummary>> {
    return this.instances.list(principal, input);
  }

  @Handle(ProcessRequests.cancel, Access.permission(Permission.TaskManage))
  cancel(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'cancel'>): Promise<InstanceView> {
    return this.instances.cancel(principal, input.instanceId, input.reason);
  }

  @Handle(ProcessRequests.acknowledgements, Access.permission(Permission.TaskRead))
  progress(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'acknowledgements'>,
  ): Promise<AcknowledgementProgress> {
    return this.acknowledgements.progress(principal, input.instanceId, input.stepId);
  }

  @Handle(ProcessRequests.remind, Access.permission(Permission.TaskManage))
  remind(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'remind'>,
  ): Promise<{ reminded: number }> {
    return this.acknowledgements.remind(principal, input.instanceId, input.stepId);
  }

  @Handle(ProcessRequests.feed, Access.permission(Permission.TaskRead))
  feed(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'feed'>,
  ): Promise<Page<FeedEntryView>> {
    return this.feeds.list(principal, input.instanceId, input);
  }

  @Handle(ProcessRequests.comment, Access.permission(Permission.TaskRead))
  comment(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'comment'>,
  ): Promise<FeedEntryView> {
    return this.feeds.comment(principal, input);
  }
}
