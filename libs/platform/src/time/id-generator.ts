import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Makes the opaque ids of stored objects. */
export interface IdGenerator {
  newId(): string;
}

/**
 * ULIDs (26 characters, Crockford base32): time-ordered, so sorting by `_id` follows creation order
 * and cursor pagination by `_id` is stable; 80 random bits make them unguessable enough to be opaque.
 */
export class UlidGenerator implements IdGenerator {
  constructor(private readonly now: () => number = Date.now) {}

  newId(): string {
    let time = this.now();
    let timePart = '';
    for (let i = 0; i < 10; i++) {
      timePart = ALPHABET.charAt(time % 32) + timePart;
      time = Math.floor(time / 32);
    }
    const random = randomBytes(16);
    let randomPart = '';
    for (let i = 0; i < 16; i++) {
      randomPart += ALPHABET.charAt((random[i] ?? 0) % 32);
    }
    return timePart + randomPart;
  }
}
