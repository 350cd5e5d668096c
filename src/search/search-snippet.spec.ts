import { mulberry32 } from '../../test/support/seeded-random';
import { chooseSnippet as chooseSplit, escapeHtml, markedWhole as markedSplit, matchSnippet as matchSplit, openingSnippet as openingSplit, queryTreeLexemes, SNIPPET_WORDS, splitText, WordMatcher, wordsOf } from './search-snippet';

const matchSnippet = (text: string, matches: WordMatcher) => matchSplit(splitText(text), matches);
const markedWhole = (text: string, matches: WordMatcher) => markedSplit(splitText(text), matches);
const openingSnippet = (text: string) => openingSplit(splitText(text));
const chooseSnippet = (body: string | null, subject: string | null, matches: WordMatcher) => chooseSplit(splitText(body ?? ''), splitText(subject ?? ''), matches);

/** A matcher by lower-cased word: what LexemeDictionary plus the query's lexemes amount to. */
const matching =
  (...words: string[]) =>
  (word: string) =>
    words.includes(word.toLowerCase());

const numbered = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `p${from + i}`).join(' ');

describe('search snippets', () => {
  it.each([
    ["'plan' & 'desarroll'", ['plan', 'desarroll']],
    ["'usuari' <-> 'nuev' | 'contrasen'", ['usuari', 'nuev', 'contrasen']],
    ["'o''higgins'", ["o'higgins"]],
    ['', []],
    [null, []],
  ])('reads the lexemes of querytree %j', (tree, lexemes) => {
    expect([...queryTreeLexemes(tree)]).toEqual(lexemes);
  });

  it.each([
    ['ASCII letters and digits', 'abc XYZ 09', ['abc', 'XYZ', '09']],
    ['accents, ñ and ü', 'Ñandú pingüino ÁÉÍÓÚ', ['Ñandú', 'pingüino', 'ÁÉÍÓÚ']],
    ['punctuation and symbols split', 'a_b a-b a@b.co [x] ¡sí! 50%', ['a', 'b', 'a', 'b', 'a', 'b', 'co', 'x', 'sí', '50']],
    ['the ASCII neighbours of letters and digits', '/:@[`{', []],
    ['nothing', '', []],
  ])('splits %s', (_, text, words) => {
    expect(wordsOf(text).map((w) => w.text)).toEqual(words);
  });

  it('splits text into words with their offsets, accents and ñ included', () => {
    expect(wordsOf('¿Olvidé la contraseña? SisPT-2024')).toEqual([
      { text: 'Olvidé', start: 1, end: 7 },
      { text: 'la', start: 8, end: 10 },
      { text: 'contraseña', start: 11, end: 21 },
      { text: 'SisPT', start: 23, end: 28 },
      { text: '2024', start: 29, end: 33 },
    ]);
  });

  it('escapes everything from the mail and marks only the matched words', () => {
    expect(matchSnippet(`<script>alert("x")</script> olvidé mi contraseña & 'clave'`, matching('contraseña'))).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; olvidé mi <mark>contraseña</mark> &amp; &#39;clave&#39;',
    );
    // Markup that only looks like a mark tag stays text.
    expect(matchSnippet('<mark>falso</mark> clave', matching('clave'))).toBe('&lt;mark&gt;falso&lt;/mark&gt; <mark>clave</mark>');
  });

  it('puts the text on one line', () => {
    expect(matchSnippet('Buenos días:\n\n  necesito la clave\r\n', matching('clave'))).toBe('Buenos días: necesito la <mark>clave</mark>');
  });

  it('returns null when no word matched', () => {
    expect(matchSnippet('nada que ver', matching('clave'))).toBeNull();
    expect(matchSnippet('', matching('clave'))).toBeNull();
  });

  it('cuts a long text around the match, with context before it and ellipses where it goes on', () => {
    const text = `${numbered(50)} clave ${numbered(50, 51)}`;
    const snippet = matchSnippet(text, matching('clave'))!;
    expect(snippet).toBe(`… ${numbered(6, 45)} <mark>clave</mark> ${numbered(SNIPPET_WORDS - 7, 51)} …`);
  });

  it('does not run past either end of the text', () => {
    expect(matchSnippet(`clave ${numbered(40)}`, matching('clave'))).toBe(`<mark>clave</mark> ${numbered(SNIPPET_WORDS - 1)} …`);
    expect(matchSnippet(`${numbered(40)} clave`, matching('clave'))).toBe(`… ${numbered(SNIPPET_WORDS - 1, 12)} <mark>clave</mark>`);
  });

  it('shows two fragments in text order when the matches are far apart, one ellipsis between them', () => {
    const text = `${numbered(10)} clave ${numbered(100, 11)} usuario ${numbered(100, 111)}`;
    const snippet = matchSnippet(text, matching('clave', 'usuario'))!;
    expect(snippet.match(/…/g)).toHaveLength(3);
    expect(snippet.indexOf('<mark>clave</mark>')).toBeLessThan(snippet.indexOf('<mark>usuario</mark>'));
    expect(snippet).not.toContain('… …');
  });

  it('joins two fragments that touch with the text between them, not an ellipsis', () => {
    const text = `clave ${numbered(SNIPPET_WORDS - 1)}, usuario ${numbered(10, SNIPPET_WORDS)}`;
    const snippet = matchSnippet(text, matching('clave', 'usuario'))!;
    expect(snippet).toBe(`<mark>clave</mark> ${numbered(SNIPPET_WORDS - 1)}, <mark>usuario</mark> ${numbered(10, SNIPPET_WORDS)}`);
  });

  it('prefers the fragment that holds more of the query words', () => {
    const text = `clave ${numbered(60)} clave ${numbered(60, 61)} nueva clave ${numbered(60, 121)}`;
    const snippet = matchSnippet(text, matching('clave', 'nueva'))!;
    expect(snippet).toContain('<mark>nueva</mark> <mark>clave</mark>');
  });

  it('marks every match of a short text kept whole (the subject)', () => {
    expect(markedWhole('RE: clave y Clave', matching('clave'))).toBe('RE: <mark>clave</mark> y <mark>Clave</mark>');
    expect(markedWhole('Sin coincidencias', matching('clave'))).toBeNull();
  });

  it('gives the start of the text when nothing is to be marked', () => {
    expect(openingSnippet(numbered(SNIPPET_WORDS + 5))).toBe(`${numbered(SNIPPET_WORDS)} …`);
    expect(openingSnippet('')).toBe('');
  });

  it('prefers the text around a match, then the subject, then the start of the text', () => {
    const clave = matching('clave');
    expect(chooseSnippet('texto con la clave', 'Asunto clave', clave)).toBe('texto con la <mark>clave</mark>');
    expect(chooseSnippet('primeras palabras', 'Asunto clave', clave)).toBe('Asunto <mark>clave</mark>');
    expect(chooseSnippet('primeras palabras', 'Asunto', clave)).toBe('primeras palabras');
    expect(chooseSnippet(null, 'Asunto', clave)).toBe('Asunto');
    expect(chooseSnippet(null, null, clave)).toBe('');
  });

  it('never lets markup through, whatever the mail holds (1,000 seeded random texts)', () => {
    const random = mulberry32(20261127);
    const pieces = ['clave', 'Clave', 'texto', 'ñandú', '<', '>', '&', '"', "'", '<mark>', '</mark>', '<script>', ' ', '\n', '…', '=', '\ue000'];
    const clave = matching('clave');
    for (let i = 0; i < 1000; i++) {
      const text = Array.from({ length: Math.floor(random() * 80) }, () => pieces[Math.floor(random() * pieces.length)]).join(random() < 0.5 ? ' ' : '');
      const subject = text.slice(0, 40);
      const snippet = chooseSnippet(text, subject, clave);
      const opened = snippet.split('<mark>').length - 1;
      expect(snippet.split('</mark>').length - 1).toBe(opened);
      expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"']/);
      expect(snippet).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
    }
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
