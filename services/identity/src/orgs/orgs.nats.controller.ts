import { Controller } from '@nestjs/common';
import type {
  CreateOrgInput,
  DirectoryOrg,
  ListOrgsInput,
  OrgView,
  Page,
  Principal,
  RequestPayload,
} from '@orbita/contracts';
import { IdentityRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { OrgsService } from './orgs.service';

@Controller()
export class OrgsNatsController {
  constructor(private readonly orgs: OrgsService) {}

  @Handle(
    IdentityRequests.directoryOrgs,
    Access.service("names and paths of orgs for documents issued on a service's own account"),
  )
  directory(
    @Input() input: RequestPayload<typeof IdentityRequests.directoryOrgs>,
  ): Promise<{ orgs: DirectoryOrg[] }> {
    return this.orgs.directory(input.ids);
  }

  @Handle(IdentityRequests.createOrg, Access.permission(Permission.OrgManage))
  create(@CurrentPrincipal() principal: Principal, @Input() input: CreateOrgInput): Promise<OrgView> {
    return this.orgs.create(principal, input);
  }

  @Handle(IdentityRequests.getOrg, Access.permission(Permission.OrgRead))
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.getOrg>,
  ): Promise<OrgView> {
    return this.orgs.get(principal, input.orgId);
  }

  @Handle(IdentityRequests.updateOrg, Access.permission(Permission.OrgManage))
  update(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.updateOrg>,
  ): Promise<OrgView> {
    return this.orgs.update(principal, input.orgId, input.changes);
  }

  @Handle(IdentityRequests.listOrgs, Access.permission(Permission.OrgRead))
  list(@CurrentPrincipal() principal: Principal, @Input() input: ListOrgsInput): Promise<Page<OrgView>> {
    return this.orgs.list(principal, input);
  }
}
