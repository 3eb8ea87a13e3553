/**
 * Stable machine codes for expected failures. They cross process boundaries (NATS replies, HTTP
 * answers, outside integrations), so a code is never renamed or repurposed: add a new one instead.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  NotFound: 'NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  RangeNotSatisfiable: 'RANGE_NOT_SATISFIABLE',
  TooManyRequests: 'TOO_MANY_REQUESTS',
  SeatLimitReached: 'SEAT_LIMIT_REACHED',
  LicenceExpired: 'LICENCE_EXPIRED',
  LicenceInvalid: 'LICENCE_INVALID',
  PasswordRejected: 'PASSWORD_REJECTED',
  LinkInvalid: 'LINK_INVALID',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  UpstreamTimeout: 'UPSTREAM_TIMEOUT',
  Internal: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorCodes: readonly ErrorCode[] = Object.values(ErrorCode);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

export interface ErrorDescription {
  /** HTTP status the gateway answers with. */
  status: number;
  /** Human messages; `{name}` placeholders are filled from the error's params. */
  en: string;
  ru: string;
}

export const errorCatalog: Record<ErrorCode, ErrorDescription> = {
  VALIDATION_FAILED: {
    status: 400,
    en: 'The request is invalid: {reason}',
    ru: 'Некорректный запрос: {reason}',
  },
  NOT_FOUND: {
    status: 404,
    en: 'The {resource} was not found',
    ru: 'Не найдено: {resource}',
  },
  UNAUTHENTICATED: {
    status: 401,
    en: 'Authentication is required',
    ru: 'Требуется вход в систему',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    en: 'Wrong e-mail or password',
    ru: 'Неверный e-mail или пароль',
  },
  FORBIDDEN: {
    status: 403,
    en: 'You are not allowed to do this',
    ru: 'Недостаточно прав для этого действия',
  },
  CONFLICT: {
    status: 409,
    en: 'Conflict: {reason}',
    ru: 'Конфликт: {reason}',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    // Params from payloadTooLargeParams: what is too large (a file or a request body) and the limit.
    en: 'The {what} is too large: the limit is {limit}',
    ru: '{what} больше допустимого: предел {limit}',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    en: 'This type of content is not accepted: {reason}',
    ru: 'Такой тип содержимого не принимается: {reason}',
  },
  RANGE_NOT_SATISFIABLE: {
    status: 416,
    // Params: the file's size from describeBytes (size, size_ru).
    en: 'The requested range is outside the file, which has {size}',
    ru: 'Запрошенный диапазон выходит за пределы файла размером {size}',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    en: 'Too many requests, try again in {retryAfter} seconds',
    ru: 'Слишком много запросов, повторите через {retryAfter} с',
  },
  SEAT_LIMIT_REACHED: {
    status: 409,
    en: 'All {size} "{pool}" seats of the licence are taken: free one (deactivate a user or revoke an invitation) or extend the licence',
    ru: 'Все места типа «{pool}» по лицензии ({size}) заняты: освободите место (деактивируйте пользователя или отзовите приглашение) или расширьте лицензию',
  },
  LICENCE_EXPIRED: {
    status: 409,
    en: 'The licence expired on {expiresAt}: no new users can be activated until a new licence is installed (existing users keep working)',
    ru: 'Срок лицензии истёк {expiresAt}: новых пользователей нельзя активировать до установки новой лицензии (работа текущих пользователей продолжается)',
  },
  LICENCE_INVALID: {
    status: 400,
    en: 'The licence file is not valid: {reason}',
    ru: 'Файл лицензии недействителен: {reason}',
  },
  PASSWORD_REJECTED: {
    status: 400,
    en: 'Choose another password: {reason}',
    ru: 'Выберите другой пароль: {reason}',
  },
  LINK_INVALID: {
    status: 400,
    en: 'The link is invalid, was already used or has expired; ask for a new one',
    ru: 'Ссылка недействительна, уже использована или устарела; запросите новую',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    en: 'The {service} service is unavailable, try again later',
    ru: 'Сервис «{service}» недоступен, повторите позже',
  },
  UPSTREAM_TIMEOUT: {
    status: 504,
    en: 'The {service} service did not answer in time',
    ru: 'Сервис «{service}» не ответил вовремя',
  },
  INTERNAL: {
    status: 500,
    en: 'Internal error (reference {errorId})',
    ru: 'Внутренняя ошибка (номер {errorId})',
  },
};

export type Locale = 'en' | 'ru';

/**
 * Russian names of what a NOT_FOUND error may name (`AppError.notFound('task')`), so a Russian
 * message does not carry an English word; a resource missing here is named as given.
 */
export const resourceNamesRu: Readonly<Record<string, string>> = {
  resource: 'запрошенный ресурс',
  task: 'задача',
  file: 'файл',
  user: 'пользователь',
  org: 'организация',
  role: 'роль',
  invitation: 'приглашение',
  notification: 'уведомление',
  'dead letter': 'неразобранное сообщение',
  'notification e-mail': 'письмо-уведомление',
  'process template': 'шаблон процесса',
  request: 'заявка',
  acknowledgement: 'ознакомление',
  register: 'реестр',
  calendar: 'календарь',
  'register record': 'запись реестра',
  schedule: 'расписание',
};

/** Russian names of the services SERVICE_UNAVAILABLE and UPSTREAM_TIMEOUT name. */
export const serviceNamesRu: Readonly<Record<string, string>> = {
  identity: 'учётные записи',
  tasks: 'задачи',
  documents: 'документы',
  notifications: 'уведомления',
  storage: 'хранилище файлов',
};

/** Params whose values are names with a Russian form, looked up when no `<name>_ru` is given. */
const namesRu: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  resource: resourceNamesRu,
  service: serviceNamesRu,
};

/**
 * Fills a catalog message for the locale; unknown placeholders are left out rather than shown raw.
 * A param named `<name>_<locale>` (e.g. `reason_ru`) wins over `<name>` in that locale; in Russian a
 * resource or service name without one is translated from the tables above.
 */
export function describeError(code: ErrorCode, locale: Locale, params: Record<string, unknown> = {}): string {
  const template = errorCatalog[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const plain = params[name];
    const named = locale === 'ru' && typeof plain === 'string' ? namesRu[name]?.[plain] : undefined;
    const value = params[`${name}_${locale}`] ?? named ?? plain;
    if (value === undefined || value === null) {
      return '';
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

const BINARY_UNITS = [
  { size: 1024 ** 4, en: 'TiB', ru: 'ТиБ' },
  { size: 1024 ** 3, en: 'GiB', ru: 'ГиБ' },
  { size: 1024 ** 2, en: 'MiB', ru: 'МиБ' },
  { size: 1024, en: 'KiB', ru: 'КиБ' },
];

/** "1 байт", "2 байта", "5 байт": the Russian plural of the number's last digits. */
function bytesRu(count: number): string {
  const lastTwo = count % 100;
  const last = count % 10;
  if (last === 1 && lastTwo !== 11) {
    return 'байт';
  }
  return last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14) ? 'байта' : 'байт';
}

/** A byte count as people read it: "1048576 bytes (1 MiB)" / "1048576 байт (1 МиБ)". */
export function describeBytes(bytes: number): { en: string; ru: string } {
  const unit = BINARY_UNITS.find((u) => bytes >= u.size);
  const approx = unit ? String(Math.round((bytes / unit.size) * 10) / 10) : '';
  return {
    en: `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}${unit ? ` (${approx} ${unit.en})` : ''}`,
    // Russian writes the decimal comma.
    ru: `${bytes} ${bytesRu(bytes)}${unit ? ` (${approx.replace('.', ',')} ${unit.ru})` : ''}`,
  };
}

/**
 * Params of PAYLOAD_TOO_LARGE: a file (upload) or a request body (JSON) over a limit in bytes. The
 * number itself stays in `limitBytes` for anything that reads params rather than the message.
 */
export function payloadTooLargeParams(what: 'file' | 'body', limitBytes: number): Record<string, unknown> {
  const limit = describeBytes(limitBytes);
  return {
    what: what === 'file' ? 'file' : 'request body',
    what_ru: what === 'file' ? 'Файл' : 'Тело запроса',
    limit: limit.en,
    limit_ru: limit.ru,
    limitBytes,
  };
}
