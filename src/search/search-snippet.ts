/**
 * The snippet under each search result: a few words of the ticket's mail around the
 * words that matched, as HTML. It is built here rather than with PostgreSQL's
 * ts_headline, which re-parses and re-stems the whole text of every result on every
 * search (two thirds of a search's database time on 1 000 000 tickets). Which words
 * match is still PostgreSQL's call: the query's lexemes come from its querytree, and
 * each word of the text is stemmed by PostgreSQL once and then remembered (see
 * LexemeDictionary). No highlighting library stems Spanish the way the index does, so
 * the few lines that cut and mark the text are our own.
 *
 * Everything from the mail is HTML-escaped; the only tags are <mark>…</mark> around
 * matched words, so the snippet is safe to insert as HTML.
 */

/** Words of a fragment; MaxWords of ts_headline, which the snippets used to come from. */
export const SNIPPET_WORDS = 30;
/** Fragments shown when the matches are far apart. */
export const SNIPPET_FRAGMENTS = 2;
/** Words of context kept before a fragment's first match. */
const CONTEXT_BEFORE_MATCH = 6;
const ELLIPSIS = '…';

/** A word of a text and where it is. */
export interface TextWord {
  text: string;
  start: number;
  end: number;
}

/**
 * Letters and digits of the Basic Multilingual Plane, one byte per UTF-16 code unit
 * (64 KiB, built once): a lookup per character instead of a Unicode-class regex, which
 * was most of a snippet's cost. Characters outside it (surrogate pairs) count as
 * separators; no Spanish word has one.
 */
const WORD_CHAR = (() => {
  const table = new Uint8Array(0x10000);
  const letterOrDigit = /[\p{L}\p{N}]/u;
  for (let code = 0; code < table.length; code++) table[code] = letterOrDigit.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
})();

/** Runs of letters and digits: how PostgreSQL's parser splits prose, and all a highlighter needs. */
export function wordsOf(text: string): TextWord[] {
  const words: TextWord[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && WORD_CHAR[text.charCodeAt(i)] === 1;
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      words.push({ text: text.slice(start, i), start, end: i });
      start = -1;
    }
  }
  return words;
}

/** A text with its words, split once and read by both the matching and the snippet. */
export interface SplitText {
  text: string;
  words: TextWord[];
}

export function splitText(text: string): SplitText {
  return { text, words: wordsOf(text) };
}

/** Tells whether a word of the text matches the query (case as written). */
export type WordMatcher = (word: string) => boolean;

/**
 * The lexemes a query searches for, from PostgreSQL's querytree(tsquery): quoted
 * lexemes joined by operators, e.g. `'plan' & 'usuari' <-> 'nuev'`. querytree already
 * leaves out excluded (`-word`) terms, which must not be highlighted.
 */
export function queryTreeLexemes(queryTree: string | null): Set<string> {
  return new Set([...(queryTree ?? '').matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Longest run of punctuation kept between two words (a line of "=====" is not worth showing whole). */
const MAX_GAP = 40;
const SPECIAL = /[&<>"']/;

/** Text between words, as HTML on one line. */
function gapHtml(gap: string): string {
  if (gap === ' ') return gap;
  const line = gap.replace(/\s+/g, ' ').slice(0, MAX_GAP);
  return SPECIAL.test(line) ? escapeHtml(line) : line;
}

/** Words first..last as HTML, matched ones in <mark>. Words are letters and digits only: nothing in them to escape. */
function wordsHtml(text: string, words: TextWord[], first: number, last: number, matched: boolean[]): string {
  let html = '';
  for (let i = first; i <= last; i++) {
    if (i > first) html += gapHtml(text.slice(words[i - 1].end, words[i].start));
    html += matched[i] ? `<mark>${words[i].text}</mark>` : words[i].text;
  }
  return html;
}

/**
 * Stretches of words as HTML, in text order: what precedes the first word or follows
 * the last is kept at the text's ends, an ellipsis stands for the text left out
 * elsewhere, and stretches that touch are joined by the text between them.
 */
function rangesHtml(text: string, words: TextWord[], ranges: Array<{ first: number; last: number }>, matched: boolean[]): string {
  let html = '';
  let previous = -1;
  for (const { first, last } of ranges) {
    if (previous < 0) html += first > 0 ? `${ELLIPSIS} ` : gapHtml(text.slice(0, words[0].start)).trimStart();
    else html += first === previous + 1 ? gapHtml(text.slice(words[previous].end, words[first].start)) : ` ${ELLIPSIS} `;
    html += wordsHtml(text, words, first, last, matched);
    previous = last;
  }
  return previous < words.length - 1 ? `${html} ${ELLIPSIS}` : html + gapHtml(text.slice(words[previous].end)).trimEnd();
}

interface Fragment {
  first: number;
  last: number;
  /** Different words matched, then matches: a fragment holding several query words shows more. */
  distinct: number;
  matches: number;
}

/** The fragment around a match, within words lo..hi (the room other fragments leave). */
function fragmentAt(words: TextWord[], matched: boolean[], anchor: number, lo: number, hi: number): Fragment {
  const first = Math.max(lo, Math.min(anchor - CONTEXT_BEFORE_MATCH, hi - SNIPPET_WORDS + 1));
  const last = Math.min(hi, first + SNIPPET_WORDS - 1);
  const seen = new Set<string>();
  let matches = 0;
  for (let i = first; i <= last; i++) {
    if (!matched[i]) continue;
    matches++;
    seen.add(words[i].text.toLowerCase());
  }
  return { first, last, distinct: seen.size, matches };
}

const better = (a: Fragment, b: Fragment) => a.distinct > b.distinct || (a.distinct === b.distinct && a.matches > b.matches);

/**
 * Up to SNIPPET_FRAGMENTS non-overlapping fragments of SNIPPET_WORDS words around the
 * matches, the richest first chosen, shown in text order; null when nothing matched.
 */
export function matchSnippet({ text, words }: SplitText, matches: WordMatcher): string | null {
  // Plain loops: this runs over every word of every result of every search.
  const matched: boolean[] = new Array<boolean>(words.length);
  const anchors: number[] = [];
  for (let i = 0; i < words.length; i++) {
    matched[i] = matches(words[i].text);
    if (matched[i]) anchors.push(i);
  }
  if (anchors.length === 0) return null;
  const chosen: Fragment[] = [];
  while (chosen.length < SNIPPET_FRAGMENTS) {
    let best: Fragment | undefined;
    for (const anchor of anchors) {
      if (chosen.some((c) => c.first <= anchor && anchor <= c.last)) continue;
      const lo = Math.max(0, ...chosen.filter((c) => c.last < anchor).map((c) => c.last + 1));
      const hi = Math.min(words.length - 1, ...chosen.filter((c) => c.first > anchor).map((c) => c.first - 1));
      const candidate = fragmentAt(words, matched, anchor, lo, hi);
      if (!best || better(candidate, best)) best = candidate;
    }
    if (!best) break;
    chosen.push(best);
  }
  return rangesHtml(text, words, chosen.sort((a, b) => a.first - b.first), matched);
}

/** The start of a text, SNIPPET_WORDS words at most, as HTML. */
export function openingSnippet({ text, words }: SplitText): string {
  if (words.length === 0) return '';
  return rangesHtml(text, words, [{ first: 0, last: Math.min(words.length, SNIPPET_WORDS) - 1 }], []);
}

/** A short text (the subject) whole, every match marked. */
export function markedWhole({ text, words }: SplitText, matches: WordMatcher): string | null {
  const matched = words.map((w) => matches(w.text));
  if (!matched.includes(true)) return null;
  return rangesHtml(text, words, [{ first: 0, last: words.length - 1 }], matched);
}

/**
 * The snippet shown for a result: the mail's text around its matches; when only the
 * subject matched, the subject with its matches marked (the text would show none);
 * else the start of the text.
 */
export function chooseSnippet(body: SplitText, subject: SplitText, matches: WordMatcher): string {
  return matchSnippet(body, matches) ?? markedWhole(subject, matches) ?? openingSnippet(body.words.length ? body : subject);
}
