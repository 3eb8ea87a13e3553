import {
  joinLocalised,
  latinProseIn,
  localisedParam,
  schemaMessage,
  schemaMessageText,
} from './localised-text';

describe('latinProseIn', () => {
  it.each([
    ['Конфликт: this e-mail already has an account', ['this', 'already', 'has', 'an', 'account']],
    [
      'Некорректный запрос: title: Too small: expected string to have >=1 characters',
      // A word right before a colon reads as a field path: "small:" does not count, the rest does.
      ['Too', 'expected', 'string', 'to', 'have', 'characters'],
    ],
    [
      'Некорректный запрос: (root): Invalid input: expected object, received string',
      ['Invalid', 'expected', 'object', 'received', 'string'],
    ],
    [
      "Некорректный запрос: Body is not valid JSON but content-type is set to 'application/json'",
      ['Body', 'is', 'not', 'valid', 'but', 'is', 'set', 'to'],
    ],
    ['Сервис storage недоступен', ['storage']],
  ])('finds the English words in %p', (text, words) => {
    expect(latinProseIn(text)).toEqual(words);
  });

  it.each([
    'Некорректный запрос: title: не должно быть пустым; assigneeId: обязательное поле',
    'Такой тип содержимого не принимается: программы (application/x-msdownload) не принимаются',
    'Сервис «documents» недоступен, повторите позже',
    'Неверный e-mail или пароль',
    'Внутренняя ошибка (номер 0b6f3c1e-2f7a-4e43-9d0e-6a3b1c2d4e5f)',
    'Некорректный запрос: ключ "__proto__" не допускается',
    'Тело запроса больше допустимого: предел 1048576 байт (1 МиБ)',
    'Некорректный запрос: kind: внутри организации клиента можно создавать только площадки (вид "branch")',
    'Файл лицензии недействителен: в нём окончания строк Windows (CR LF)',
    'Некорректный запрос: тело запроса не в кодировке UTF-8; см. https://example.com/docs',
    'Некорректный запрос: assignee.userId: ожидается строка, получено: число; tags.1: обязательное поле',
  ])('finds no English prose in %p', (text) => {
    expect(latinProseIn(text)).toEqual([]);
  });
});

describe('localised texts', () => {
  it('joins language by language', () => {
    expect(
      joinLocalised(
        [
          { en: 'a', ru: 'а' },
          { en: 'b', ru: 'б' },
        ],
        '; ',
      ),
    ).toEqual({ en: 'a; b', ru: 'а; б' });
  });

  it('makes a catalog param and its Russian twin', () => {
    expect(localisedParam('reason', { en: 'taken', ru: 'занято' })).toEqual({
      reason: 'taken',
      reason_ru: 'занято',
    });
  });

  it('remembers a schema message by its English text and refuses a second translation', () => {
    expect(schemaMessage({ en: 'spec: must be blue', ru: 'должно быть синим' })).toBe('spec: must be blue');
    expect(schemaMessageText('spec: must be blue')).toEqual({
      en: 'spec: must be blue',
      ru: 'должно быть синим',
    });
    expect(schemaMessage({ en: 'spec: must be blue', ru: 'должно быть синим' })).toBe('spec: must be blue');
    expect(() => schemaMessage({ en: 'spec: must be blue', ru: 'должно быть голубым' })).toThrow(
      /two Russian texts/,
    );
    expect(schemaMessageText('never declared')).toBeUndefined();
  });
});
