import type { TFunction } from 'i18next';
import type { ScheduleView } from '@orbita/contracts';

/**
 * A schedule's rule in words, in the company's zone: "1-го числа каждого месяца в 09:00
 * (Europe/Moscow)", "Every Monday at 09:00 (Europe/Moscow)", "30 days before «endDate» of the
 * register «contracts», at 09:00".
 */
export function ruleInWords(t: TFunction, schedule: Pick<ScheduleView, 'rule' | 'timeZone'>): string {
  const { rule } = schedule;
  const zone = t('schedules.zone', { zone: schedule.timeZone });
  switch (rule.kind) {
    case 'monthly':
      return `${t('schedules.rule.monthly', { day: rule.day, time: rule.time })} ${zone}`;
    case 'weekly':
      return `${t(`schedules.rule.weekly.${rule.weekday}`, { time: rule.time })} ${zone}`;
    case 'daily':
      return `${t('schedules.rule.daily', { time: rule.time })} ${zone}`;
    case 'registerDate':
      return `${t(`schedules.rule.${rule.direction}`, {
        count: rule.days,
        field: rule.field,
        register: rule.register,
        time: rule.time,
      })} ${zone}`;
  }
}
