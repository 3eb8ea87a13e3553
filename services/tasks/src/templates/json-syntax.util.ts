/**
 * Where a JSON text first breaks the grammar (RFC 8259), as an offset: JSON.parse of Node 20 names
 * the offending token but not where it is, and a template author needs the line and column.
 * Called only after JSON.parse failed; null when it finds nothing (the parse failed for depth).
 */
export function jsonErrorOffset(text: string): number | null {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxAt(at);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) {
      at++;
    }
  };
  const literal = (word: string) => {
    if (text.startsWith(word, at)) {
      at += word.length;
    } else {
      fail();
    }
  };
  const string = () => {
    at++;
    while (at < text.length) {
      const ch = text.charAt(at);
      if (ch === '"') {
        at++;
        return;
      }
      if (ch === '\\') {
        const escaped = text.charAt(at + 1);
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
            at++;
            fail();
          }
          at += 6;
        } else if ('"\\/bfnrt'.includes(escaped) && escaped !== '') {
          at += 2;
        } else {
          at++;
          fail();
        }
      } else if (ch < ' ') {
        fail();
      } else {
        at++;
      }
    }
    fail();
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) {
      return fail();
    }
    at += match[0].length;
  };
  const value = (): void => {
    space();
    const ch = text.charAt(at);
    if (ch === '{') {
      at++;
      space();
      if (text.charAt(at) === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text.charAt(at) !== '"') {
          fail();
        }
        string();
        space();
        if (text.charAt(at) !== ':') {
          fail();
        }
        at++;
        value();
        space();
        if (text.charAt(at) === ',') {
          at++;
        } else if (text.charAt(at) === '}') {
          at++;
          return;
        } else {
          fail();
        }
      }
    } else if (ch === '[') {
      at++;
      space();
      if (text.charAt(at) === ']') {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text.charAt(at) === ',') {
          at++;
        } else if (text.charAt(at) === ']') {
          at++;
          return;
        } else {
          fail();
        }
      }
    } else if (ch === '"') {
      string();
    } else if (ch === 't') {
      literal('true');
    } else if (ch === 'f') {
      literal('false');
    } else if (ch === 'n') {
      literal('null');
    } else {
      number();
    }
  };
  try {
    value();
    space();
    return at < text.length ? at : null;
  } catch (err) {
    if (err instanceof SyntaxAt) {
      return err.offset;
    }
    return null;
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}
