import { Controller } from '@nestjs/common';
import type {
  EffectivePreferences,
  PreferenceSettings,
  Principal,
  RoleDefaultsView,
  SetRoleDefaultsInput,
} from '@orbita/contracts';
import { NotificationPreferenceRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { PreferencesService } from './preferences.service';

@Controller()
export class PreferencesNatsController {
  constructor(private readonly preferences: PreferencesService) {}

  @Handle(NotificationPreferenceRequests.get, Access.signedIn("one's own notification preferences"))
  get(@CurrentPrincipal() principal: Principal): Promise<EffectivePreferences> {
    return this.preferences.mine(principal);
  }

  @Handle(NotificationPreferenceRequests.set, Access.signedIn("one's own notification preferences"))
  set(
    @CurrentPrincipal() principal: Principal,
    @Input() input: PreferenceSettings,
  ): Promise<EffectivePreferences> {
    return this.preferences.setMine(principal, input);
  }

  @Handle(NotificationPreferenceRequests.setRoleDefaults, Access.permission(Permission.RoleManage))
  setRoleDefaults(
    @CurrentPrincipal() principal: Principal,
    @Input() input: SetRoleDefaultsInput,
  ): Promise<RoleDefaultsView> {
    return this.preferences.setRoleDefaults(principal, input);
  }
}
