import { Injectable } from '@nestjs/common';
import type { Principal, UserView } from '@orbita/contracts';
import { AppError } from '@orbita/platform';
import { OrgRepository } from '../orgs/org.repository';
import { UserRepository } from './user.repository';
import type { UserDocument } from './user.schema';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly orgs: OrgRepository,
  ) {}

  /**
   * Staff see everyone in the company; portal users see the people of their own org subtree and
   * their org's personal manager. Anyone else is NOT_FOUND, never FORBIDDEN.
   */
  async get(principal: Principal, userId: string): Promise<UserView> {
    const user = await this.findVisible(principal, userId);
    if (!user) {
      throw AppError.notFound('user');
    }
    return toView(user);
  }

  async me(principal: Principal): Promise<UserView> {
    return this.get(principal, principal.userId);
  }

  private async findVisible(principal: Principal, userId: string): Promise<UserDocument | null> {
    const company = principal.orgPath[0] ?? principal.orgId;
    if (!principal.external) {
      return this.users.findInSubtree(company, userId);
    }
    const own = await this.users.findInSubtree(principal.orgId, userId);
    if (own) {
      return own;
    }
    const org = await this.orgs.findInSubtree(company, principal.orgId);
    return org?.managerId === userId ? this.users.findInSubtree(company, userId) : null;
  }
}

function toView(user: UserDocument): UserView {
  return {
    id: user._id,
    orgId: user.orgId,
    email: user.email,
    displayName: user.displayName,
    seat: user.seat,
    external: user.external,
    active: user.active,
  };
}
