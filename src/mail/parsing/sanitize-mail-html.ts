import sanitizeHtml from 'sanitize-html';

/**
 * Makes a mail's HTML safe to show to an agent. Mail HTML is hostile by default:
 * anything not on the allow-list below is removed, and nothing in the result
 * makes the browser fetch a remote resource (which would confirm to a spammer
 * that the address is read and leak the agent's IP address). Remote images keep
 * their address in `data-remote-src` so the UI can load them on request; `cid:`
 * images stay, the UI serves them from the stored attachments.
 */

const ALLOWED_TAGS = [
  'a', 'abbr', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code',
  'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp',
  'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt',
  'u', 'ul', 'var', 'wbr',
];

const CELL_ATTRIBUTES = ['align', 'valign', 'width', 'height', 'colspan', 'rowspan', 'bgcolor', 'nowrap'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  // No id, class or name: they would collide with the agent UI's own DOM.
  '*': ['style', 'title', 'dir', 'lang', 'align'],
  a: ['href', 'target', 'rel'],
  img: ['src', 'data-remote-src', 'alt', 'width', 'height', 'border'],
  font: ['color', 'face', 'size'],
  table: ['border', 'cellpadding', 'cellspacing', 'width', 'bgcolor', 'summary'],
  td: CELL_ATTRIBUTES,
  th: CELL_ATTRIBUTES,
  tr: ['valign', 'bgcolor'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  ol: ['start', 'type'],
  ul: ['type'],
  li: ['value'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  hr: ['width', 'size', 'noshade'],
};

/** Dropped together with their content, not just the tags. */
const NON_TEXT_TAGS = ['script', 'style', 'title', 'textarea', 'option', 'noscript', 'xmp', 'noembed', 'noframes'];

/**
 * Inline CSS we keep. Everything that can load a resource (`url(`), run code
 * (IE `expression()`, `behavior`, `-moz-binding`) or overlay the agent UI
 * (`position`, `z-index`) is absent.
 */
const ALLOWED_STYLE_PROPERTIES = new Set([
  'color', 'background-color', 'font', 'font-family', 'font-size', 'font-style', 'font-weight', 'font-variant',
  'text-align', 'text-decoration', 'text-indent', 'text-transform', 'letter-spacing', 'line-height',
  'vertical-align', 'white-space', 'word-wrap', 'word-break', 'direction', 'list-style-type',
  'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border', 'border-top', 'border-right', 'border-bottom', 'border-left', 'border-color', 'border-style',
  'border-width', 'border-collapse', 'border-spacing', 'border-radius',
  'width', 'height', 'max-width', 'min-width', 'table-layout',
]);
/** Plain values only: no escapes (`\65xpression`), comments, functions other than colours, or markup. */
const SAFE_STYLE_VALUE = /^[\w\s#%.,'"!+-]*(?:(?:rgba?|hsla?)\([\d\s.,%]*\)[\w\s#%.,'"!+-]*)*$/i;
const DANGEROUS_STYLE_WORD = /expression|javascript|vbscript|behavior|binding|import|url/i;

export function filterInlineStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!ALLOWED_STYLE_PROPERTIES.has(property) || !value) continue;
    if (!SAFE_STYLE_VALUE.test(value) || DANGEROUS_STYLE_WORD.test(value)) continue;
    kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}

const REMOTE = /^\s*(?:https?:)?\/\//i;
const CID = /^\s*cid:/i;

function transformImage(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { src, ...rest } = attribs;
  delete rest['data-remote-src'];
  if (src && CID.test(src)) return { tagName, attribs: { ...rest, src: src.trim() } };
  if (src && REMOTE.test(src)) {
    const url = src.trim().startsWith('//') ? `https:${src.trim()}` : src.trim();
    return { tagName, attribs: { ...rest, 'data-remote-src': url } };
  }
  // data:, javascript:, relative paths: nothing worth keeping.
  return { tagName, attribs: rest };
}

/**
 * Outlook and Apple Mail repeat the same few style strings on every element,
 * and across messages, so filtered results are remembered (bounded).
 */
const styleCache = new Map<string, string>();
const STYLE_CACHE_LIMIT = 2000;

function cachedInlineStyle(style: string): string {
  let filtered = styleCache.get(style);
  if (filtered === undefined) {
    filtered = filterInlineStyle(style);
    if (styleCache.size >= STYLE_CACHE_LIMIT) styleCache.clear();
    styleCache.set(style, filtered);
  }
  return filtered;
}

function transformAnyTag(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  if (attribs.style === undefined) return { tagName, attribs };
  const style = cachedInlineStyle(attribs.style);
  const { style: _dropped, ...rest } = attribs;
  return { tagName, attribs: style ? { ...rest, style } : rest };
}

/**
 * Block elements start a new line in the text version; everything else flows.
 * This mirrors what a reader sees, which is what routing rules and previews need.
 */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
  'p', 'pre', 'section', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
const CELL_TAGS = new Set(['td', 'th']);
const ESCAPED = /&(amp|lt|gt|quot);/g;
const UNESCAPE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/**
 * Plain text gathered while sanitize-html walks the document, so HTML-only mail
 * gets a text version without a second parse (mailparser's html-to-text costs
 * several times more than the whole rest of parsing).
 */
class TextCollector {
  private readonly parts: string[] = [];
  private preDepth = 0;
  private atLineStart = true;

  open(name: string): void {
    if (name === 'br' || BLOCK_TAGS.has(name)) this.newline();
    else if (CELL_TAGS.has(name) && !this.atLineStart) this.push(' ');
    if (name === 'pre') this.preDepth++;
  }

  close(name: string): void {
    if (BLOCK_TAGS.has(name)) this.newline();
    if (name === 'pre' && this.preDepth > 0) this.preDepth--;
  }

  /** sanitize-html hands text over HTML-escaped; the text version wants it plain. */
  text(escaped: string): void {
    const plain = escaped.includes('&') ? escaped.replace(ESCAPED, (_m, name: string) => UNESCAPE[name]) : escaped;
    if (this.preDepth > 0) {
      this.push(plain);
      return;
    }
    // Outside <pre>, source line breaks and indentation are not visible.
    const flowed = plain.replace(/[ \t\r\n\f]+/g, ' ');
    this.push(this.atLineStart ? flowed.trimStart() : flowed);
  }

  result(): string {
    return this.parts
      .join('')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  private push(text: string): void {
    if (!text) return;
    this.parts.push(text);
    this.atLineStart = text.endsWith('\n');
  }

  private newline(): void {
    this.parts.push('\n');
    this.atLineStart = true;
  }
}

/** sanitize-html calls these too, but its typings do not list them. */
type OptionsWithTagHooks = sanitizeHtml.IOptions & {
  onOpenTag?: (name: string, attribs: sanitizeHtml.Attributes) => void;
  onCloseTag?: (name: string, isImplied: boolean) => void;
};

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_TAGS,
  // Our own filter above; sanitize-html's would run postcss on every style attribute.
  parseStyleAttributes: false,
  nestingLimit: 200,
  transformTags: {
    img: transformImage,
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    '*': transformAnyTag,
  },
};

export interface SanitizedHtml {
  html: string;
  /** What a reader sees, as plain text. */
  text: string;
}

export function sanitizeMailHtml(html: string): SanitizedHtml {
  const collector = new TextCollector();
  const options: OptionsWithTagHooks = {
    ...OPTIONS,
    onOpenTag: (name) => collector.open(name),
    onCloseTag: (name) => collector.close(name),
    textFilter: (text) => {
      collector.text(text);
      return text;
    },
  };
  return { html: sanitizeHtml(html, options).trim(), text: collector.result() };
}
