import { contentDisposition } from './content-disposition.util';

describe('contentDisposition', () => {
  it('carries a Cyrillic name whole in filename* and an ASCII stand-in in filename', () => {
    expect(contentDisposition('inline', 'Акт сверки №5.pdf')).toBe(
      `inline; filename="___ ______ _5.pdf"; filename*=UTF-8''%D0%90%D0%BA%D1%82%20%D1%81%D0%B2%D0%B5%D1%80%D0%BA%D0%B8%20%E2%84%965.pdf`,
    );
  });

  it('lets nothing in a name end the quoted string or a parameter', () => {
    expect(contentDisposition('attachment', `a"b\\c%41;d'e(f)*.txt`)).toBe(
      `attachment; filename="a_b_c_41;d'e(f)*.txt"; filename*=UTF-8''a%22b%5Cc%2541%3Bd%27e%28f%29%2A.txt`,
    );
  });

  it('encodes characters outside the BMP as UTF-8', () => {
    expect(contentDisposition('attachment', '😀.png')).toBe(
      `attachment; filename="__.png"; filename*=UTF-8''%F0%9F%98%80.png`,
    );
  });
});
