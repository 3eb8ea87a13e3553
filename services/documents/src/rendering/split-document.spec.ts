import { splitDocument } from './pdf-renderer';

const page = (title: string, body: string): string =>
  `<!doctype html>\n<html lang="ru">\n<head>\n<style>body{}</style>\n<title>${title}</title>\n</head>\n<body class="portrait">${body}</body>\n</html>\n`;

describe('splitDocument (what a pooled page keeps between renders)', () => {
  it('gives two documents of one template the same head, their own title and body', () => {
    const first = splitDocument(page('Счёт № 1', '<p>Вывоз</p>'));
    const second = splitDocument(page('Счёт № 2 &amp; акт', '<p>Мойка</p>'));
    expect(first?.head).toBe(second?.head);
    expect(first?.head).not.toContain('Счёт');
    expect(second).toMatchObject({
      title: 'Счёт № 2 &amp; акт',
      body: '<body class="portrait"><p>Мойка</p></body>',
    });
  });

  it('leaves what is not one whole document to be loaded as given', () => {
    expect(splitDocument('<p>a fragment</p>')).toBeNull();
  });
});
