import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@orbita/platform';
import { CLOCK } from '@orbita/platform';
import { ReportFactRepository, ReportRowRepository } from './report.repository';
import type { ReportFactDocument } from './report.schema';

/**
 * Adds facts to report rows exactly once without transactions (ADR 023). For a fact and each row
 * it names, in this order: (1) the fact is stored under its deterministic id with every row
 * pending (a second store finds the first); (2) the row gets the fact's counts and the fact's id
 * in `applying`, in one write that only matches while the id is not there; (3) the fact drops the
 * row from `pending`; (4) once no row is pending, each row drops the id. A crash between any two
 * writes leaves a state from which the same steps, run again by the redelivered event, finish
 * without counting twice: after (2) the row refuses the fact; after (3) the fact no longer asks.
 */
@Injectable()
export class ReportLedger {
  constructor(
    private readonly facts: ReportFactRepository,
    private readonly rows: ReportRowRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The fact as stored (the first one stored under its id, which may not be this one), counted. */
  async record(fact: ReportFactDocument): Promise<ReportFactDocument | null> {
    const stored = await this.facts.store(fact);
    if (!stored) {
      return null;
    }
    const now = this.clock.now();
    for (const target of stored.targets) {
      if (!stored.pending.includes(target.rowId)) {
        continue;
      }
      await this.rows.ensure(target, now);
      await this.rows.addOnce(target.rowId, stored._id, target.inc ?? stored.inc, now);
      await this.facts.counted(stored._id, target.rowId);
    }
    for (const target of stored.targets) {
      await this.rows.release(target.rowId, stored._id);
    }
    return stored;
  }
}
