/**
 * ts_headline marks matches with a start and a stop string of our choosing. It does
 * not escape the text around them, and that text is mail written by anyone
 * (`<script>` included). So the markers are two private-use characters that the
 * source text is stripped of before ts_headline runs; the result is HTML-escaped
 * whole and only then are the markers turned into <mark> tags. The snippet is
 * therefore safe to insert as HTML with exactly one kind of tag in it.
 */
export const HIGHLIGHT_START = '\ue000';
export const HIGHLIGHT_STOP = '\ue001';

/** Passed to ts_headline's options; the values are single characters, so no quoting is needed. */
export const SNIPPET_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
export const SUBJECT_SNIPPET_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, HighlightAll=true`;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export function hasHighlight(headline: string | null): boolean {
  return headline !== null && headline.includes(HIGHLIGHT_START);
}

/** A headline as HTML: everything escaped, matches in <mark>; a stray or unclosed marker never leaves a tag open. */
export function snippetHtml(headline: string | null): string {
  if (!headline) return '';
  let html = '';
  let open = false;
  for (const part of headline.split(/([\ue000\ue001])/)) {
    if (part === HIGHLIGHT_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === HIGHLIGHT_STOP) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += escapeHtml(part.replace(/\s+/g, ' '));
    }
  }
  return (open ? `${html}</mark>` : html).trim();
}

/**
 * The snippet shown for a result: the body's headline when the match is in the text,
 * else the subject's when the subject matched (the body headline would then be just
 * its first words), else the start of the body.
 */
export function chooseSnippet(bodyHeadline: string | null, subjectHeadline: string | null): string {
  if (hasHighlight(bodyHeadline)) return snippetHtml(bodyHeadline);
  if (hasHighlight(subjectHeadline)) return snippetHtml(subjectHeadline);
  return snippetHtml(bodyHeadline ?? subjectHeadline);
}
