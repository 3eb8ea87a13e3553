import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { CalendarBody, CalendarList, CalendarView, LocalisedName, Principal } from '@orbita/contracts';
import { ErrorCode, Permission } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { AppError, CLOCK, grantedOrgIds, systemScope } from '@orbita/platform';
import type { CalendarData } from './calendar-resolution';
import { resolveCalendar, toWorkingCalendar } from './calendar-resolution';
import { CalendarRepository } from './calendar.repository';
import type { CalendarDocument } from './calendar.schema';
import { RUSSIAN_PRODUCTION_CALENDAR } from './russian-production-calendar';
import type { WorkingCalendar } from './working-time';

const CALENDARS = systemScope('calendars belong to the installation, read by everyone');

/** The company default shipped with the service: seeded once, then the admins' to edit. */
export const DEFAULT_CALENDAR_KEY = 'ru-production';
const DEFAULT_CALENDAR_NAME: LocalisedName = {
  ru: 'Производственный календарь РФ',
  en: 'Russian production calendar',
};

/** How long the calendars read are kept in this process (another instance may change them). */
const REMEMBER_MS = 5_000;

function toView(doc: CalendarDocument): CalendarView {
  return {
    key: doc._id,
    name: doc.name,
    timeZone: doc.timeZone,
    week: doc.week.map(({ day, start, end }) => ({ day, start, end })),
    holidays: doc.holidays,
    workingDays: doc.workingDays,
    orgIds: doc.orgIds,
    isDefault: doc.isDefault,
    version: doc.version,
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function sortedUnique(dates: readonly string[]): string[] {
  return [...new Set(dates)].sort();
}

function toData(doc: CalendarDocument): CalendarData {
  return { key: doc._id, ...doc };
}

/**
 * Working calendars as data (ADR 020): the Russian production calendar is the company default;
 * admins add others (a region on its own clock) and assign them to org units. `calendarFor` is
 * what SLA computations call in-process.
 */
@Injectable()
export class CalendarsService implements OnModuleInit {
  private remembered: { calendars: CalendarData[]; until: number } | null = null;

  constructor(
    private readonly calendars: CalendarRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.calendars.ready();
    const stored = await this.calendars.byKey(CALENDARS, DEFAULT_CALENDAR_KEY);
    if (stored) {
      // Seeded before: the admins may have edited it since, which a start must not undo.
      return;
    }
    const source = RUSSIAN_PRODUCTION_CALENDAR;
    const now = this.clock.now();
    await this.calendars.add({
      _id: DEFAULT_CALENDAR_KEY,
      name: DEFAULT_CALENDAR_NAME,
      timeZone: source.timeZone,
      week: [1, 2, 3, 4, 5, 6, 7]
        .filter((day) => !source.weekend.includes(day))
        .map((day) => ({ day, start: source.workStart, end: source.workEnd })),
      holidays: sortedUnique(source.holidays),
      workingDays: sortedUnique(source.workingDays),
      orgIds: [],
      isDefault: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Every calendar: any of the company's people may see them. */
  async list(principal: Principal): Promise<CalendarList> {
    this.requireStaff(principal);
    const docs = await this.calendars.all(CALENDARS);
    return { items: docs.map(toView) };
  }

  async get(principal: Principal, key: string): Promise<CalendarView> {
    this.requireStaff(principal);
    return toView(await this.require(key));
  }

  async create(principal: Principal, key: string, body: CalendarBody): Promise<CalendarView> {
    this.requireManager(principal);
    const now = this.clock.now();
    const doc: CalendarDocument = {
      _id: key,
      ...this.fields(body),
      orgIds: [],
      isDefault: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.calendars.add(doc))) {
      throw AppError.conflict({
        en: `a calendar with the key "${key}" exists`,
        ru: `календарь с ключом «${key}» уже есть`,
      });
    }
    this.remembered = null;
    return toView(doc);
  }

  async update(principal: Principal, key: string, body: CalendarBody): Promise<CalendarView> {
    this.requireManager(principal);
    const stored = await this.require(key);
    const fields = { ...this.fields(body), updatedAt: this.clock.now() };
    if (!(await this.calendars.change(CALENDARS, key, stored.version, fields))) {
      throw AppError.conflict({
        en: 'the calendar was changed meanwhile; read it again',
        ru: 'календарь тем временем изменили; прочитайте его снова',
      });
    }
    this.remembered = null;
    return toView(await this.require(key));
  }

  /** The units that work by the calendar from now on; they leave whichever calendar they were in. */
  async assign(principal: Principal, key: string, orgIds: string[]): Promise<CalendarView> {
    this.requireManager(principal);
    const stored = await this.require(key);
    const units = [...new Set(orgIds)].sort();
    const now = this.clock.now();
    await this.calendars.release(CALENDARS, key, units, now);
    if (!(await this.calendars.change(CALENDARS, key, stored.version, { orgIds: units, updatedAt: now }))) {
      throw AppError.conflict({
        en: 'the calendar was changed meanwhile; read it again',
        ru: 'календарь тем временем изменили; прочитайте его снова',
      });
    }
    this.remembered = null;
    return toView(await this.require(key));
  }

  /**
   * The working calendar of a unit: the one assigned to the nearest unit up its path (root first,
   * the unit itself last), else the company default.
   */
  async calendarFor(orgPath: readonly string[]): Promise<WorkingCalendar> {
    const found = resolveCalendar(await this.all(), orgPath);
    // Only before the seed ran (or had the default removed from the database by hand).
    return found ? toWorkingCalendar(found) : RUSSIAN_PRODUCTION_CALENDAR;
  }

  /** Like calendarFor, with the calendar's key (what delay attribution names as "the holder's calendar"). */
  async keyedCalendarFor(orgPath: readonly string[]): Promise<{ key: string; calendar: WorkingCalendar }> {
    const found = resolveCalendar(await this.all(), orgPath);
    return found
      ? { key: found.key, calendar: toWorkingCalendar(found) }
      : { key: DEFAULT_CALENDAR_KEY, calendar: RUSSIAN_PRODUCTION_CALENDAR };
  }

  private async all(): Promise<CalendarData[]> {
    const now = Date.now();
    if (this.remembered && this.remembered.until > now) {
      return this.remembered.calendars;
    }
    const calendars = (await this.calendars.all(CALENDARS)).map(toData);
    this.remembered = { calendars, until: now + REMEMBER_MS };
    return calendars;
  }

  private async require(key: string): Promise<CalendarDocument> {
    const doc = await this.calendars.byKey(CALENDARS, key);
    if (!doc) {
      throw AppError.notFound('calendar');
    }
    return doc;
  }

  private fields(
    body: CalendarBody,
  ): Pick<CalendarDocument, 'name' | 'timeZone' | 'week' | 'holidays' | 'workingDays'> {
    return {
      name: body.name,
      timeZone: body.timeZone,
      week: [...body.week].sort((a, b) => a.day - b.day),
      holidays: sortedUnique(body.holidays),
      workingDays: sortedUnique(body.workingDays),
    };
  }

  /** The company's own people: a client's portal user has no business with its working hours. */
  private requireStaff(principal: Principal): void {
    if (principal.external || grantedOrgIds(principal, Permission.TaskRead).length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
  }

  private requireManager(principal: Principal): void {
    if (grantedOrgIds(principal, Permission.CalendarManage).length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
  }
}
