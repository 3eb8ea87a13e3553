import type { MailTemplate } from '@orbita/contracts';
import { invitationExistingAccountTemplate } from './invitation-existing-account.template';
import { invitationTemplate } from './invitation.template';
import type { LocalizedMailTemplate } from './mail-template-source';
import { passwordResetTemplate } from './password-reset.template';

/** Every e-mail the contract names, in every language: a template missing here does not compile. */
export const mailTemplates: Record<MailTemplate, LocalizedMailTemplate> = {
  invitation: invitationTemplate,
  'invitation-existing-account': invitationExistingAccountTemplate,
  'password-reset': passwordResetTemplate,
};
