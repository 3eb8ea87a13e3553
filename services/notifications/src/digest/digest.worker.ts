import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { deepLinkOf } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK, PeriodicSweep, systemScope } from '@orbita/platform';
import type { NotificationsConfig } from '../config';
import { NOTIFICATIONS_CONFIG } from '../config.token';
import type { Mailer } from '../mail/mailer';
import { MAILER } from '../mail/mailer';
import type { Person } from '../people/people-directory';
import { PeopleDirectory } from '../people/people-directory';
import { PreferencesService } from '../preferences/preferences.service';
import { DigestRepository, UnreadRepository } from './digest.repository';
import { DigestMailRenderer } from './digest-mail';

const DIGESTS = systemScope('the daily digest of unread notifications');
const PEOPLE_PER_PAGE = 200;
const ITEMS = 10;

/** The person's local date (YYYY-MM-DD) and hour at `at`. */
function localDay(at: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/**
 * The daily digest (ADR 017): every sweep walks the people of the copy in id order and, for those
 * who want it, whose local hour has reached DIGEST_HOUR and who have not had that day's digest,
 * claims the day (an insert under `<userId>:<day>`, so once per person and day) and mails what is
 * still unread; nothing when nothing is.
 */
@Injectable()
export class DigestWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DigestWorker.name);
  private readonly sweeps: PeriodicSweep<number>;

  constructor(
    private readonly digests: DigestRepository,
    private readonly unread: UnreadRepository,
    private readonly people: PeopleDirectory,
    private readonly preferences: PreferencesService,
    private readonly renderer: DigestMailRenderer,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.sweeps = new PeriodicSweep(
      config.DIGEST_SWEEP_MS,
      () => this.sendDue(),
      0,
      (err) => {
        this.logger.warn({ err, msg: 'The digest sweep failed; it runs again' });
      },
    );
  }

  onApplicationBootstrap(): void {
    this.sweeps.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeps.stop();
  }

  /** Sends the digests due now (one sweep at a time in this process); how many were sent. */
  sweep(): Promise<number> {
    return this.sweeps.now();
  }

  private async sendDue(): Promise<number> {
    let sent = 0;
    let afterId: string | null = null;
    for (;;) {
      const page = await this.people.page(afterId, PEOPLE_PER_PAGE);
      const candidates = page.filter((p) => p.active && p.email);
      const wanted = await this.preferences.forPeople(candidates);
      for (const person of candidates) {
        if (wanted.get(person.id)?.digest && (await this.sendTo(person))) {
          sent += 1;
        }
      }
      if (page.length < PEOPLE_PER_PAGE) {
        return sent;
      }
      afterId = page[page.length - 1]?.id ?? null;
    }
  }

  private async sendTo(person: Person): Promise<boolean> {
    const now = this.clock.now();
    const { day, hour } = localDay(now, person.timeZone);
    if (hour < this.config.DIGEST_HOUR || !person.email) {
      return false;
    }
    if (!(await this.digests.claim(person.id, day, now))) {
      return false;
    }
    const id = `${person.id}:${day}`;
    const [items, unread] = await Promise.all([
      this.unread.newestUnread(DIGESTS, person.id, ITEMS),
      this.unread.countUnread(DIGESTS, person.id),
    ]);
    if (unread === 0) {
      await this.digests.finish(DIGESTS, id, 'empty', 0, null);
      return false;
    }
    const absolute = (path: string): string => new URL(path, this.config.PUBLIC_URL).toString();
    const mail = this.renderer.render(person.locale, {
      displayName: person.displayName,
      unread,
      items: items.map((n) => ({
        title: n.title || n.kind,
        link: absolute(n.link ?? deepLinkOf(n.subject)),
      })),
      inboxLink: absolute('/notifications'),
    });
    try {
      await this.mailer.send({ to: person.email, ...mail });
    } catch (err) {
      // That day's digest is given up: tomorrow's lists what is still unread then.
      const reason = err instanceof Error ? err.message.split(person.email).join('<recipient>') : String(err);
      await this.digests.finish(DIGESTS, id, 'failed', unread, reason.slice(0, 500));
      this.logger.warn({
        userId: person.id,
        day,
        msg: 'SMTP refused a daily digest; it is not retried today',
      });
      return false;
    }
    await this.digests.finish(DIGESTS, id, 'sent', unread, null);
    return true;
  }
}
