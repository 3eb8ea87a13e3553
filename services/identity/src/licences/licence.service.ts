import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LicenceUsage, Principal, SeatType } from '@orbita/contracts';
import { ErrorCode, IdentityEvents, Permission, SeatTypeSchema } from '@orbita/contracts';
import type { Clock, IdGenerator, LicencePayload } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  hasPermission,
  parseLicencePublicKey,
  requirePermission,
  verifyLicence,
} from '@orbita/platform';
import type { LicenceOptions } from './licence-options';
import { DEMO_LICENCE_FILE, LICENCE_OPTIONS } from './licence-options';
import { LicenceRepository } from './licence.repository';
import { licenceUsage } from './licence-usage.util';
import { BUILT_IN_VENDOR_PUBLIC_KEY } from './vendor-key';

const SEAT_TYPES: readonly SeatType[] = SeatTypeSchema.options;

/** Event org of a licence installed by the service itself: a licence belongs to the installation. */
export const INSTALLATION_ORG_ID = 'installation';

/**
 * How long a fresh seat is safe from reconcile: longer than any flow needs between taking a seat and
 * recording the user or invitation that holds it.
 */
export const SEAT_RECONCILE_GRACE_MS = 10 * 60_000;

/**
 * Seat pools set by a vendor-signed licence (ARCHITECTURE §4, docs/adr/006-licences.md). The stored
 * licence text is verified with the vendor key on every use, so the database cannot raise seats.
 * A seat is taken by activating or inviting someone and given back by deactivating or revoking; an
 * expired or smaller licence only refuses new seats, it never takes one away.
 */
@Injectable()
export class LicenceService implements OnModuleInit {
  private readonly logger = new Logger(LicenceService.name);
  private readonly publicKey: KeyObject;
  /** The last stored text that verified and its payload: verification is needed once per text. */
  private verified: { text: string; payload: LicencePayload } | null = null;

  constructor(
    private readonly repository: LicenceRepository,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(LICENCE_OPTIONS) private readonly options: LicenceOptions,
  ) {
    this.publicKey = parseLicencePublicKey(options.publicKeyPem ?? BUILT_IN_VENDOR_PUBLIC_KEY);
  }

  /** Installs the configured licence file (or the demo licence) when none is stored yet. */
  async onModuleInit(): Promise<void> {
    await this.repository.ready();
    if (await this.repository.newestLicence()) {
      return;
    }
    const file = this.options.licenceFile ?? DEMO_LICENCE_FILE;
    this.logger.log({ msg: 'No licence is installed yet: installing the licence file', file });
    const usage = await this.install(null, readFileSync(file, 'utf8'));
    this.logger.log({
      msg: 'Licence installed',
      licenceId: usage.licenceId,
      licensee: usage.licensee,
      expiresAt: usage.expiresAt,
      warnings: usage.warnings,
    });
  }

  /** The licence in force, verified; LICENCE_INVALID when none is installed or it does not verify. */
  async current(): Promise<LicencePayload> {
    const stored = await this.repository.newestLicence();
    if (!stored) {
      throw new AppError(ErrorCode.LicenceInvalid, {
        reason: 'no licence is installed',
        reason_ru: 'лицензия не установлена',
      });
    }
    if (this.verified?.text === stored.text) {
      return this.verified.payload;
    }
    let payload: LicencePayload;
    try {
      payload = verifyLicence(stored.text, this.publicKey);
    } catch (err) {
      this.logger.error({
        err,
        installation: stored._id,
        msg: 'The stored licence does not verify: it was changed in the database, or the verifying key changed',
      });
      throw err;
    }
    this.verified = { text: stored.text, payload };
    return payload;
  }

  /** Seats per pool against the licence in force, with warnings for admins. */
  async usage(now: Date = this.clock.now()): Promise<LicenceUsage> {
    const licence = await this.current();
    const used = await Promise.all(SEAT_TYPES.map((seat) => this.repository.countSeats(seat)));
    return licenceUsage(
      licence,
      SEAT_TYPES.map((seat, i) => ({ seat, used: used[i] ?? 0 })),
      now,
    );
  }

  /** The usage report of the admin endpoint: licence.view (or licence.manage) at the company. */
  async usageFor(principal: Principal): Promise<LicenceUsage> {
    const company = companyRoot(principal);
    if (!hasPermission(principal, Permission.LicenceManage, company)) {
      requirePermission(principal, Permission.LicenceView, company);
    }
    return this.usage();
  }

  /**
   * Installs a licence file: it becomes the licence in force. `principal` null is the service itself
   * at boot, which installs even an expired file so that it starts (usage then warns); an admin
   * (licence.manage at the company) cannot install a licence that has already expired.
   */
  async install(principal: Principal | null, text: string): Promise<LicenceUsage> {
    if (principal) {
      requirePermission(principal, Permission.LicenceManage, companyRoot(principal));
    }
    const payload = verifyLicence(text, this.publicKey);
    const now = this.clock.now();
    if (principal && isExpired(payload, now)) {
      throw expiredError(payload);
    }
    const installationId = this.ids.newId();
    const installed = this.events.create(IdentityEvents.licenceInstalled, {
      orgId: principal ? (companyRoot(principal)[0] ?? principal.orgId) : INSTALLATION_ORG_ID,
      subject: { type: 'licence', id: payload.licenceId },
      data: {
        licenceId: payload.licenceId,
        licensee: payload.licensee,
        expiresAt: payload.expiresAt,
        pools: { ...payload.pools },
      },
    });
    await this.repository.insertLicence(
      {
        _id: installationId,
        licenceId: payload.licenceId,
        text,
        installedAt: now,
        installedBy: principal?.userId ?? null,
      },
      [installed],
    );
    this.verified = { text, payload };
    return this.usage(now);
  }

  /**
   * Takes a seat of the pool for the holder (a user being activated or invited). Refused with
   * LICENCE_INVALID without a valid licence, LICENCE_EXPIRED once it expired, SEAT_LIMIT_REACHED
   * (naming the pool and its size) when the pool is full. Safe under concurrency; a holder who
   * already has a seat of the pool keeps it (even when the licence expired): answers true when this
   * call took the seat, false when the holder had it already.
   */
  async takeSeat(seat: SeatType, holderId: string): Promise<boolean> {
    if (await this.repository.holdsSeat(seat, holderId)) {
      return false;
    }
    const licence = await this.current();
    const now = this.clock.now();
    if (isExpired(licence, now)) {
      throw expiredError(licence);
    }
    const size = licence.pools[seat];
    const result = await this.repository.takeSeat(seat, holderId, size, now);
    switch (result) {
      case 'taken':
        return true;
      case 'already-held':
        return false;
      case 'pool-full':
        throw new AppError(ErrorCode.SeatLimitReached, { pool: seat, size });
    }
  }

  /** Gives the holder's seat back (deactivation, a revoked or expired invitation); true if one was held. */
  async releaseSeat(seat: SeatType, holderId: string): Promise<boolean> {
    return this.repository.releaseSeat(seat, holderId);
  }

  /**
   * Records a seat for someone who is entitled to one already, whatever the licence says: a user
   * who was active before seats were counted (demo data, a migration). Nobody is locked out, so this
   * may put a pool over its size; usage then warns and new seats wait until it is below it again.
   */
  async adoptSeat(seat: SeatType, holderId: string): Promise<boolean> {
    return this.repository.adoptSeat(seat, holderId, this.clock.now());
  }

  /** The holders of each pool. */
  async heldSeats(): Promise<Record<SeatType, string[]>> {
    const [full, portal] = await Promise.all(
      SEAT_TYPES.map(async (seat) => (await this.repository.heldSeats(seat)).map((held) => held.holderId)),
    );
    return { full: full ?? [], portal: portal ?? [] };
  }

  /**
   * Gives back seats whose holders are no longer entitled to them (left by a crash between taking a
   * seat and recording its holder, or between recording a deactivation and releasing the seat).
   * `isEntitled` answers which of the given holders still are. Seats taken within the grace period
   * are left alone, so a take whose holder is still being recorded is never undone. Answers the
   * seats given back.
   */
  async reconcile(
    isEntitled: (seat: SeatType, holderIds: string[]) => Promise<Set<string>>,
    graceMs: number = SEAT_RECONCILE_GRACE_MS,
  ): Promise<{ seat: SeatType; holderId: string }[]> {
    const cutoff = new Date(this.clock.now().getTime() - graceMs);
    const released: { seat: SeatType; holderId: string }[] = [];
    for (const seat of SEAT_TYPES) {
      const held = await this.repository.heldSeats(seat, cutoff);
      if (held.length === 0) {
        continue;
      }
      const entitled = await isEntitled(
        seat,
        held.map((h) => h.holderId),
      );
      for (const { holderId, takenAt } of held.filter((h) => !entitled.has(h.holderId))) {
        // Only that very seat: if it was given back and taken again meanwhile, the new one stays.
        if (await this.repository.releaseSeatTakenAt(seat, holderId, takenAt)) {
          released.push({ seat, holderId });
        }
      }
    }
    if (released.length > 0) {
      this.logger.warn({ msg: 'Seats of holders no longer entitled were given back', released });
    }
    return released;
  }
}

/** The company (root of the caller's org path): licences are administered there. */
function companyRoot(principal: Principal): string[] {
  return principal.orgPath.slice(0, 1);
}

function isExpired(licence: LicencePayload, now: Date): boolean {
  return now.getTime() >= Date.parse(licence.expiresAt);
}

function expiredError(licence: LicencePayload): AppError {
  return new AppError(ErrorCode.LicenceExpired, { expiresAt: licence.expiresAt.slice(0, 10) });
}
