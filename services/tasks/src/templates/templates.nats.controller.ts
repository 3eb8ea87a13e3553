import { Controller } from '@nestjs/common';
import type { Principal, RequestPayload, ResponseOf } from '@orbita/contracts';
import { Permission, TemplatesRequests } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { TemplateCatalogue } from './template-catalogue';
import { TemplatesService } from './templates.service';

type Payload<K extends keyof typeof TemplatesRequests> = RequestPayload<(typeof TemplatesRequests)[K]>;
type Answer<K extends keyof typeof TemplatesRequests> = ResponseOf<(typeof TemplatesRequests)[K]>;

@Controller()
export class TemplatesNatsController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly startable: TemplateCatalogue,
  ) {}

  @Handle(TemplatesRequests.upload, Access.permission(Permission.ProcessManage))
  upload(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'upload'>,
  ): Promise<Answer<'upload'>> {
    return this.templates.upload(principal, input);
  }

  @Handle(TemplatesRequests.validate, Access.permission(Permission.ProcessManage))
  validate(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'validate'>,
  ): Answer<'validate'> {
    return this.templates.validate(principal, input);
  }

  @Handle(TemplatesRequests.list, Access.permission(Permission.ProcessManage))
  list(@CurrentPrincipal() principal: Principal): Promise<Answer<'list'>> {
    return this.templates.list(principal);
  }

  @Handle(TemplatesRequests.versions, Access.permission(Permission.ProcessManage))
  versions(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'versions'>,
  ): Promise<Answer<'versions'>> {
    return this.templates.versions(principal, input.key);
  }

  @Handle(TemplatesRequests.get, Access.permission(Permission.ProcessManage))
  get(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'get'>): Promise<Answer<'get'>> {
    return this.templates.get(principal, input.key, input.version);
  }

  @Handle(TemplatesRequests.publish, Access.permission(Permission.ProcessManage))
  publish(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'publish'>,
  ): Promise<Answer<'publish'>> {
    return this.templates.publish(principal, input.key, input.version);
  }

  @Handle(TemplatesRequests.retire, Access.permission(Permission.ProcessManage))
  retire(
    @CurrentPrincipal() principal: Principal,
    @Input() input: Payload<'retire'>,
  ): Promise<Answer<'retire'>> {
    return this.templates.retire(principal, input.key, input.version);
  }

  @Handle(TemplatesRequests.diff, Access.permission(Permission.ProcessManage))
  diff(@CurrentPrincipal() principal: Principal, @Input() input: Payload<'diff'>): Promise<Answer<'diff'>> {
    return this.templates.diff(principal, input.key, input.from, input.to);
  }

  /** Any signed-in person: the catalogue holds what their starters allow them. */
  @Handle(
    TemplatesRequests.catalogue,
    Access.signedIn('the catalogue holds only what the starters of each template allow the caller'),
  )
  async catalogue(@CurrentPrincipal() principal: Principal): Promise<Answer<'catalogue'>> {
    return { items: await this.startable.startable(principal) };
  }
}
