import { Injectable } from '@nestjs/common';

export type ReferenceCheck = (storageKey: string) => Promise<boolean>;

/**
 * Who may still reference content under a key prefix: each owner of metadata (files, versions)
 * registers how to ask. The sweep asks before removing content whose pending record outlived a
 * crash, since the crash may have come after the commit and before the record was settled.
 */
@Injectable()
export class ContentReferences {
  private readonly checks = new Map<string, ReferenceCheck[]>();

  register(keyPrefix: string, check: ReferenceCheck): void {
    this.checks.set(keyPrefix, [...(this.checks.get(keyPrefix) ?? []), check]);
  }

  async claimed(keyPrefix: string, storageKey: string): Promise<boolean> {
    for (const check of this.checks.get(keyPrefix) ?? []) {
      if (await check(storageKey)) {
        return true;
      }
    }
    return false;
  }
}
