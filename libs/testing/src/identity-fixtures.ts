import { randomBytes } from 'node:crypto';
import type { CreatedInvitation, TokenPair } from '@orbita/contracts';
import { ApiClient } from './http-client';

/** A user who accepted an invitation: active, with the session the acceptance started. */
export interface InvitedUser {
  id: string;
  email: string;
  password: string;
  tokens: TokenPair;
}

export interface InviteInput {
  orgId: string;
  email: string;
  displayName?: string;
  roleIds?: string[];
  locale?: 'ru' | 'en';
}

/** A password the policy accepts (long, random, not a common one). */
export function strongPassword(): string {
  return `Pw-${randomBytes(12).toString('base64url')}`;
}

/** The secret token of an e-mail link (invitation, password reset). */
export function linkToken(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) {
    throw new Error(`No token in the link ${link}`);
  }
  return token;
}

/** The decoded (not verified) header and claims of a JWT. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
  if (!header || !payload) {
    throw new Error('Not a JWT');
  }
  return { header, payload };
}

/** Invites someone through the API as `inviter`; fails the test unless the invitation is created. */
export async function invite(inviter: ApiClient, input: InviteInput): Promise<CreatedInvitation> {
  const response = await inviter.post<CreatedInvitation>('/api/invitations', {
    displayName: input.email.split('@')[0],
    ...input,
  });
  if (response.status !== 201) {
    throw new Error(`Inviting ${input.email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/**
 * A new active user, made the way real users are: `inviter` invites them, they accept the link with
 * a password of their own and so are logged in. For tests that need an account nobody else touches.
 */
export async function invitedUser(
  inviter: ApiClient,
  input: InviteInput & { password?: string },
): Promise<InvitedUser> {
  const { password = strongPassword(), ...invitation } = input;
  const created = await invite(inviter, invitation);
  const accepted = await new ApiClient(inviter.baseUrl).post<TokenPair>('/api/invitations/accept', {
    token: linkToken(created.link),
    password,
  });
  if (accepted.status !== 200) {
    throw new Error(`Accepting the invitation of ${input.email} failed: ${accepted.status}`);
  }
  const id = decodeJwt(accepted.body.accessToken).payload['sub'];
  if (typeof id !== 'string') {
    throw new Error('The access token names no user');
  }
  return { id, email: input.email, password, tokens: accepted.body };
}
