import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@orbita/platform';
import { CLOCK, PeriodicSweep } from '@orbita/platform';
import { LoginThrottle } from '../auth/login-throttle.service';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { InvitationRepository } from '../invitations/invitation.repository';
import { SessionsService } from '../sessions/sessions.service';
import type { Seats } from '../users/seats.port';
import { SEATS } from '../users/seats.port';
import { LicenceService } from '../licences/licence.service';
import { UserRepository } from '../users/user.repository';

/**
 * Periodic upkeep, safe to run on every instance at once: seats whose holder is not entitled any
 * more go back to the pool (an invitation lapsed; a crash between taking a seat and writing the
 * user), and stale throttle counters and long-expired sessions are deleted. Licence warnings
 * (expiry ahead, pools nearly full) go to the log each round, so operators see them before users
 * are affected; existing users are never locked out by an expired licence.
 */
@Injectable()
export class MaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceService.name);
  private readonly sweeps: PeriodicSweep<void>;

  constructor(
    @Inject(SEATS) private readonly seats: Seats,
    private readonly users: UserRepository,
    private readonly invitations: InvitationRepository,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly licences: LicenceService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.sweeps = new PeriodicSweep(
      config.MAINTENANCE_INTERVAL_MS,
      () => this.maintain(),
      undefined,
      (err) => {
        this.logger.warn({ err, msg: 'Maintenance failed; next round will retry' });
      },
    );
  }

  onApplicationBootstrap(): void {
    this.sweeps.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeps.stop();
  }

  /** One round now (or the one under way). */
  runOnce(): Promise<void> {
    return this.sweeps.now();
  }

  private async maintain(): Promise<void> {
    const reclaimed = await this.seats.reconcile(async (_seat, holderIds) => {
      const now = this.clock.now();
      const [users, hidden] = await Promise.all([
        this.users.entitledAmong(holderIds, now),
        this.invitations.liveHiddenAccountHolders(holderIds, now),
      ]);
      return new Set([...users, ...hidden]);
    });
    const sessions = await this.sessions.deleteExpired();
    const counters = await this.throttle.deleteStale();
    const usage = await this.licences.usage();
    if (usage.warnings.length > 0) {
      this.logger.warn({
        licenceId: usage.licenceId,
        expiresAt: usage.expiresAt,
        warnings: usage.warnings,
        msg: 'Licence needs attention',
      });
    }
    if (reclaimed + sessions + counters > 0) {
      this.logger.log({
        reclaimedSeats: reclaimed,
        deletedSessions: sessions,
        deletedCounters: counters,
        msg: 'Maintenance done',
      });
    }
  }
}
