import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Distinct words remembered; mail vocabulary is Zipfian, so this holds nearly every word a search meets. */
export const LEXEME_CACHE_WORDS = 200_000;
/** Longer "words" (encoded blobs, long numbers) are never looked up: they match nothing worth marking. */
const MAX_WORD_LENGTH = 100;
const NO_LEXEMES: readonly string[] = [];

/**
 * What PostgreSQL's `es_unaccent` configuration makes of a word (`Contraseñas` →
 * `contrasen`, `de` → nothing), so the search snippets mark exactly the words the index
 * matched. Each word is asked once and remembered: after a few searches nearly every
 * word of a result is known and a snippet costs no database work.
 */
@Injectable()
export class LexemeDictionary {
  private readonly known = new Map<string, readonly string[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A matcher for the words of these texts: true for a word whose lexemes include one
   * of `wanted`. PostgreSQL is asked only about words not yet known. Words are
   * remembered as written ("Plan" and "plan" apart), so a known word costs one lookup
   * and no lower-casing.
   */
  async matcherFor(texts: ReadonlyArray<{ words: ReadonlyArray<{ text: string }> }>, wanted: ReadonlySet<string>): Promise<(word: string) => boolean> {
    const unknown = new Set<string>();
    for (const { words } of texts) {
      for (const { text } of words) if (text.length <= MAX_WORD_LENGTH && !this.known.has(text)) unknown.add(text);
    }
    if (unknown.size > 0) await this.learn([...unknown]);
    // Read at match time: a word dropped meanwhile (only past LEXEME_CACHE_WORDS) is merely left unmarked.
    return (word) => {
      const lexemes = this.known.get(word);
      if (lexemes === undefined) return false;
      for (const lexeme of lexemes) if (wanted.has(lexeme)) return true;
      return false;
    };
  }

  /** How many words are remembered. */
  get size(): number {
    return this.known.size;
  }

  private async learn(words: string[]): Promise<void> {
    const rows: Array<{ word: string; lexemes: string[] }> = await this.dataSource.query(
      `SELECT w AS word, tsvector_to_array(to_tsvector('es_unaccent', w)) AS lexemes FROM unnest($1::text[]) AS w`,
      [words],
    );
    for (const row of rows) this.known.set(row.word, row.lexemes.length ? row.lexemes : NO_LEXEMES);
    forgetOldest(this.known, LEXEME_CACHE_WORDS);
  }
}

/**
 * Drops the oldest learned words once there are more than `capacity`, down to 90 % of
 * it (a Map keeps insertion order). Not least-recently used: a common word is simply
 * learned again after it is dropped, one cheap query.
 */
export function forgetOldest(known: Map<string, unknown>, capacity: number): void {
  if (known.size <= capacity) return;
  let excess = known.size - Math.floor(capacity * 0.9);
  for (const key of known.keys()) {
    if (excess-- <= 0) break;
    known.delete(key);
  }
}
