import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestContract } from '@orbita/contracts';
import type { HandlerAccess } from '@orbita/platform';
import {
  HANDLER_ACCESS_METADATA,
  PRINCIPAL_PARAM_METADATA,
  REQUEST_CONTRACT_METADATA,
} from '@orbita/platform';

/** Nest's metadata key of @MessagePattern (what @Handle applies). */
const PATTERN_METADATA = 'microservices:pattern';

export interface NatsHandler {
  controller: string;
  method: string;
  subject: string;
  contract: RequestContract | undefined;
  access: HandlerAccess | undefined;
  takesPrincipal: boolean;
}

function controllerFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return controllerFiles(path);
    }
    return name.endsWith('.nats.controller.ts') ? [path] : [];
  });
}

/** Every NATS handler of the controllers under `srcDir` (files named `*.nats.controller.ts`). */
export function natsHandlers(srcDir: string): NatsHandler[] {
  const handlers: NatsHandler[] = [];
  for (const file of controllerFiles(srcDir)) {
    // Through jest's module system, so ts-jest compiles the controller as it does for any spec.
    const exports = jest.requireActual<Record<string, unknown>>(file);
    for (const exported of Object.values(exports)) {
      if (typeof exported !== 'function') {
        continue;
      }
      const prototype = exported.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const fn = prototype[method];
        if (method === 'constructor' || typeof fn !== 'function') {
          continue;
        }
        const patterns = Reflect.getMetadata(PATTERN_METADATA, fn) as unknown[] | undefined;
        if (!patterns) {
          continue;
        }
        handlers.push({
          controller: exported.name,
          method,
          subject: patterns.map(String).join(','),
          contract: Reflect.getMetadata(REQUEST_CONTRACT_METADATA, fn) as RequestContract | undefined,
          access: Reflect.getMetadata(HANDLER_ACCESS_METADATA, fn) as HandlerAccess | undefined,
          takesPrincipal: Reflect.getMetadata(PRINCIPAL_PARAM_METADATA, prototype, method) === true,
        });
      }
    }
  }
  return handlers;
}

/**
 * Holds every NATS handler of a service to an access rule that fits what it does (STYLE.md:
 * every use case begins with its permission check): a handler that takes a principal checks a
 * permission, unless it acts on the caller alone and is listed in `selfOnly` (so a new one is a
 * decision someone wrote down); public and service handlers take no principal.
 */
export function describeHandlerAccess(service: string, srcDir: string, selfOnly: readonly string[]): void {
  describe(`${service}: access rules of the NATS handlers`, () => {
    let handlers: NatsHandler[] = [];
    beforeAll(() => {
      handlers = natsHandlers(srcDir);
    });
    const where = (h: NatsHandler): string => `${h.controller}.${h.method} (${h.subject})`;

    it('finds the handlers', () => {
      expect(handlers.length).toBeGreaterThan(0);
    });

    it('declares who may call each handler', () => {
      expect(handlers.filter((h) => !h.access || !h.contract).map(where)).toEqual([]);
    });

    it('checks a permission in every handler that takes a principal, but for the listed self-only ones', () => {
      const unchecked = handlers.filter(
        (h) =>
          h.takesPrincipal &&
          h.access?.kind !== 'permission' &&
          !(h.access?.kind === 'signed-in' && selfOnly.includes(h.subject)),
      );
      expect(unchecked.map(where)).toEqual([]);
    });

    it('lists only self-only handlers that exist and are self-only', () => {
      const actual = handlers.filter((h) => h.access?.kind === 'signed-in').map((h) => h.subject);
      expect([...selfOnly].sort()).toEqual(actual.sort());
    });

    it('gives a principal to every handler whose rule needs one, and to no other', () => {
      const needs = (h: NatsHandler): boolean =>
        h.access?.kind === 'permission' || h.access?.kind === 'signed-in';
      expect(handlers.filter((h) => needs(h) !== h.takesPrincipal).map(where)).toEqual([]);
    });

    it('keeps service-only subjects out of the gateway’s reach', () => {
      expect(
        handlers
          .filter((h) => h.access?.kind === 'service' && h.contract?.callers.includes('gateway'))
          .map(where),
      ).toEqual([]);
    });
  });
}
