import { Controller } from '@nestjs/common';
import type {
  AcceptInvitationRequest,
  CreatedInvitation,
  CreateInvitationInput,
  InvitationPreview,
  InvitationView,
  ListInvitationsInput,
  Page,
  Principal,
  RequestPayload,
  TokenPair,
} from '@orbita/contracts';
import { IdentityRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { InvitationsService } from './invitations.service';

@Controller()
export class InvitationsNatsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Handle(IdentityRequests.createInvitation, Access.permission(Permission.UserInvite))
  create(
    @CurrentPrincipal() principal: Principal,
    @Input() input: CreateInvitationInput,
  ): Promise<CreatedInvitation> {
    return this.invitations.create(principal, input);
  }

  @Handle(IdentityRequests.previewInvitation, Access.public('the link from the e-mail is the credential'))
  preview(
    @Input() input: RequestPayload<typeof IdentityRequests.previewInvitation>,
  ): Promise<InvitationPreview> {
    return this.invitations.preview(input.token);
  }

  @Handle(IdentityRequests.acceptInvitation, Access.public('the link from the e-mail is the credential'))
  accept(@Input() input: AcceptInvitationRequest): Promise<TokenPair> {
    return this.invitations.accept(input);
  }

  @Handle(IdentityRequests.listInvitations, Access.permission(Permission.UserInvite))
  list(
    @CurrentPrincipal() principal: Principal,
    @Input() input: ListInvitationsInput,
  ): Promise<Page<InvitationView>> {
    return this.invitations.list(principal, input);
  }

  @Handle(IdentityRequests.revokeInvitation, Access.permission(Permission.UserInvite))
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof IdentityRequests.revokeInvitation>,
  ): Promise<InvitationView> {
    return this.invitations.revoke(principal, input.invitationId);
  }
}
