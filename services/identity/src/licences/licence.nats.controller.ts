import { Controller } from '@nestjs/common';
import type { InstallLicenceInput, LicenceUsage, Principal } from '@orbita/contracts';
import { IdentityRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { LicenceService } from './licence.service';

@Controller()
export class LicenceNatsController {
  constructor(private readonly licences: LicenceService) {}

  @Handle(IdentityRequests.licenceUsage, Access.permission(Permission.LicenceView))
  usage(@CurrentPrincipal() principal: Principal): Promise<LicenceUsage> {
    return this.licences.usageFor(principal);
  }

  @Handle(IdentityRequests.installLicence, Access.permission(Permission.LicenceManage))
  install(
    @CurrentPrincipal() principal: Principal,
    @Input() input: InstallLicenceInput,
  ): Promise<LicenceUsage> {
    return this.licences.install(principal, input.licence);
  }
}
