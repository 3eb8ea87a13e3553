import { demoUser } from './demo-data';

/**
 * The demo's schedules (ADR 022), as the admin API takes them: the tasks service creates them when
 * DEMO_SCHEDULES is on, and the schedule specs post the same bodies.
 */
export const demoSchedules = {
  /** S1.6: on the 1st at 09:00 (the company's zone), Anna bills last month to each active client. */
  invoicing: {
    name: { ru: 'Счета и акты клиентам за месяц', en: 'Monthly invoices and acts to clients' },
    templateKey: 'monthly-invoicing',
    starterId: demoUser.anna.id,
    form: {
      clientOrgId: { var: 'client.orgId' },
      periodFrom: { var: 'occurrence.previousMonth.from' },
      periodTo: { var: 'occurrence.previousMonth.to' },
    },
    rule: { kind: 'monthly', day: 1, time: '09:00' },
    targets: 'activeClient',
  },
  /** S1.8: 30 days before a contract ends, its renewal for the client's manager (Ivan). */
  renewals: {
    name: {
      ru: 'Продление договоров за 30 дней до окончания',
      en: 'Contract renewals 30 days before the end',
    },
    templateKey: 'contract-renewal',
    starterId: demoUser.ivan.id,
    form: {
      clientOrgId: { var: 'record.orgId' },
      contractRecordId: { var: 'record.id' },
      contractNumber: { var: 'record.data.number' },
      contractDate: { var: 'record.data.startDate' },
      newEndDate: { var: 'record.dateNextYear' },
    },
    rule: { kind: 'registerDate', register: 'contracts', field: 'endDate', days: 30, direction: 'before' },
  },
} as const;
