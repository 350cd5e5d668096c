import { normalizeText, tokenize, withinOneEdit } from './normalize-text';
import { mulberry32 } from '../../test/support/seeded-random';

/** The textbook optimal-string-alignment distance, as the reference the linear check must agree with. */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('normalizeText and tokenize', () => {
  it('folds case and accents so "Contraseña" meets "contrasena"', () => {
    expect(normalizeText('Contraseña ÚNICA')).toBe('contrasena unica');
    expect(tokenize('¿Cómo recupero la contraseña? (SisPT-2024)')).toEqual(['como', 'recupero', 'la', 'contrasena', 'sispt', '2024']);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['usuario', 'usuario', true],
    ['usario', 'usuario', true], // a letter missing
    ['usuarrio', 'usuario', true], // a letter too many
    ['usuarjo', 'usuario', true], // one letter wrong
    ['usaurio', 'usuario', true], // two letters swapped
    ['suuario', 'usuario', true], // swapped at the start
    ['usuaroi', 'usuario', true], // swapped at the end
    ['usuari', 'usuario', true], // last letter missing
    ['usuarios', 'usuario', true], // one letter added at the end
    ['usaurios', 'usuario', false], // a swap and an extra letter
    ['usr', 'usuario', false],
    ['clave', 'usuario', false],
    ['', 'a', true],
    ['', 'ab', false],
  ])('%s against %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, a.length, b)).toBe(expected);
  });

  it('compares only the first aLength characters, and never past the end', () => {
    expect(withinOneEdit('contrasenas', 10, 'contrasena')).toBe(true);
    expect(withinOneEdit('contrasenas', 9, 'contrasena')).toBe(true);
    expect(withinOneEdit('contrasenas', 11, 'contrasena')).toBe(true);
    expect(withinOneEdit('contraxyz', 9, 'contrasena')).toBe(false);
    expect(withinOneEdit('plan', 5, 'plane')).toBe(false);
  });

  it('agrees with the distance table on 20,000 random pairs and prefixes', () => {
    const random = mulberry32(42);
    const word = (length: number) => Array.from({ length }, () => 'abcn'[Math.floor(random() * 4)]).join('');
    for (let n = 0; n < 20000; n++) {
      const a = word(Math.floor(random() * 7));
      const b = word(Math.floor(random() * 7));
      const length = Math.floor(random() * (a.length + 1));
      expect([a, length, b, withinOneEdit(a, length, b)]).toEqual([a, length, b, osaDistance(a.slice(0, length), b) <= 1]);
    }
  });
});
