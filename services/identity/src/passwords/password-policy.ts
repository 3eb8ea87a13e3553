import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@orbita/contracts';
import { AppError } from '@orbita/platform';

/** services/identity/assets, from src/passwords (tests) and dist/passwords (runtime) alike. */
const COMMON_PASSWORDS_FILE = join(__dirname, '..', '..', 'assets', 'common-passwords.txt');

/**
 * ASVS 5.0 V6.2: at least 8 characters (up to 128, any characters, no composition rules), not one
 * of the 10,000 most common passwords, not the user's own e-mail or its name part.
 */
@Injectable()
export class PasswordPolicy implements OnModuleInit {
  private common = new Set<string>();

  async onModuleInit(): Promise<void> {
    const text = await readFile(COMMON_PASSWORDS_FILE, 'utf8');
    this.common = new Set(
      text
        .split('\n')
        .map((line) => line.trim().toLowerCase())
        .filter(Boolean),
    );
  }

  get commonPasswordCount(): number {
    return this.common.size;
  }

  assertAcceptable(password: string, email: string): void {
    const length = Array.from(password).length;
    if (length < PASSWORD_MIN_LENGTH) {
      throw reject(
        `it must be at least ${PASSWORD_MIN_LENGTH} characters long`,
        `он должен быть не короче ${PASSWORD_MIN_LENGTH} символов`,
      );
    }
    if (length > PASSWORD_MAX_LENGTH) {
      throw reject(
        `it must be at most ${PASSWORD_MAX_LENGTH} characters long`,
        `он должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов`,
      );
    }
    const lowered = password.toLowerCase();
    if (this.common.has(lowered)) {
      throw reject(
        'it is one of the most common passwords',
        'он входит в число самых распространённых паролей',
      );
    }
    const mail = email.toLowerCase();
    const name = mail.split('@')[0] ?? mail;
    if (lowered === mail || lowered === name) {
      throw reject('it must not be your e-mail address', 'он не должен совпадать с вашим адресом e-mail');
    }
  }
}

function reject(reason: string, reasonRu: string): AppError {
  return new AppError(ErrorCode.PasswordRejected, { reason, reason_ru: reasonRu });
}
