import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { MailParser } from 'mailparser';
import type { AttachmentStream, MailParserOptions, MessageText } from 'mailparser';
import { decodeText } from './text-charset';

/**
 * Runs mailparser over a raw message and collects the text, the HTML (not yet
 * sanitized) and the attachments. Headers are read elsewhere (raw-headers.ts).
 *
 * mailparser decodes an unlabelled text part, or one labelled UTF-8 or ASCII, as
 * UTF-8 without looking, so a Latin-1 body turns into replacement characters.
 * Two hooks fix that: processChunk gives every text part a marker charset that
 * carries its real label, so mailparser hands the part to the `Iconv` decoder
 * below, which decodes it with text-charset.ts (the label when trustworthy, else
 * UTF-8 when valid, else detection). The same hook notes the multipart
 * boundaries and bad base64 it sees, for parseProblems.
 */

export interface MimeAttachment {
  filename: string | null;
  contentType: string;
  contentId: string | null;
  inline: boolean;
  content: Buffer;
  sha256: string;
}

export interface MimeBody {
  text: string | null;
  html: string | null;
  attachments: MimeAttachment[];
  /** Charsets guessed for unlabelled or mislabelled text parts. */
  detectedCharsets: string[];
  invalidBase64: boolean;
  /** A multipart whose closing `--boundary--` never came: usually a truncated message. */
  unterminatedMultipart: boolean;
}

const MARKER = 'x-mesa-label:';
const DASHES = Buffer.from('--');
const TEXT_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);

const PARSER_OPTIONS: MailParserOptions = {
  // Work we never use: textAsHtml, linkified text, cid: → data: URL inlining, and
  // html-to-text, which sanitize-mail-html.ts does in the pass it makes anyway.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  // Bounce reports stay attachments, as Zammad keeps them; the human text part is the body.
  keepDeliveryStatus: true,
  checksumAlgo: 'sha256',
};

/**
 * Collects the bytes of one text part and decodes them in one go at the end.
 * mailparser drives it like a node-iconv stream (write, end, then 'data' and
 * 'end' events), so a plain emitter does instead of a second stream per part.
 */
class LabelDecoder extends EventEmitter {
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly label: string | null,
    private readonly detected: string[],
  ) {
    super();
  }

  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  end(): void {
    try {
      // A part usually arrives as one chunk; Buffer.concat would copy it anyway.
      const bytes = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const decoded = decodeText(bytes, this.label);
      if (decoded.detected) this.detected.push(decoded.charset);
      // mailparser expects UTF-8 bytes back; valid UTF-8 input is passed through untouched.
      this.emit('data', decoded.charset === 'utf-8' && !decoded.detected ? bytes : Buffer.from(decoded.text, 'utf8'));
      this.emit('end');
    } catch (error: unknown) {
      this.emit('error', error);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

type ChunkHandler = (this: MailParser, data: unknown, done: (error?: Error | null) => void) => void;
interface HeaderLine {
  key: string;
  line: string;
}
type HeadersHandler = (this: MailParser, lines: HeaderLine[] | undefined) => unknown;
type NodeHandler = (this: MailParser, node: unknown) => unknown;

/**
 * mailparser's per-chunk, per-node and header hooks. They are internal (not in
 * the typings), so they are looked up once here; mailparser is pinned in
 * package-lock and the specs cover the behaviours that depend on them.
 */
const baseHooks = MailParser.prototype as unknown as {
  processChunk: ChunkHandler;
  processHeaders: HeadersHandler;
  createNode: NodeHandler;
};
const baseProcessChunk = baseHooks.processChunk;
const baseProcessHeaders = baseHooks.processHeaders;
const baseCreateNode = baseHooks.createNode;

/**
 * The only parsed header mailparser reads back for what we take from it: an
 * attachment's Content-ID. Everything else it decodes (addresses with their
 * HTML and text renderings, subject, dates, List-*) would be thrown away, as
 * raw-headers.ts and decode-headers.ts read the headers themselves. That
 * duplicate decoding was close to a tenth of the parse time.
 */
const NODE_HEADERS = new Set(['content-id']);
/** A part inside a message/rfc822 also gets these shown in the text (mailparser's showMeta). */
const EMBEDDED_MESSAGE_HEADERS = new Set([...NODE_HEADERS, 'from', 'subject', 'date', 'to', 'cc', 'bcc']);

const BASE64_ALPHABET = new Uint8Array(256);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n\t ') {
  BASE64_ALPHABET[ch.charCodeAt(0)] = 1;
}

function isCleanBase64(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (!BASE64_ALPHABET[bytes[i]]) return false;
  return true;
}

class CharsetAwareMailParser extends MailParser {
  readonly detectedCharsets: string[] = [];
  /** Boundaries of the multipart nodes mailsplit found, to check their closing lines. */
  readonly boundaries: Buffer[] = [];
  invalidBase64 = false;
  /** Header names processHeaders keeps for the node being created; see NODE_HEADERS. */
  private keptHeaders: ReadonlySet<string> = NODE_HEADERS;

  constructor() {
    const detected: string[] = [];
    super({
      ...PARSER_OPTIONS,
      // mailparser only calls write/end and listens for data/end/error, which
      // LabelDecoder provides; the cast is because the typings ask for a full stream.
      Iconv: class {
        constructor(fromCharset: string) {
          const label = fromCharset.startsWith(MARKER) ? fromCharset.slice(MARKER.length) || null : fromCharset;
          return new LabelDecoder(label, detected);
        }
      } as unknown as MailParserOptions['Iconv'],
    });
    this.detectedCharsets = detected;
  }

  /** Called by mailparser for each MIME node mailsplit emits, before it processes the node's headers. */
  createNode(data: unknown): unknown {
    // The same test mailparser uses to set showMeta on the node.
    const parent = isRecord(data) && isRecord(data.parentNode) ? data.parentNode : null;
    this.keptHeaders = parent?.contentType === 'message/rfc822' ? EMBEDDED_MESSAGE_HEADERS : NODE_HEADERS;
    const node = baseCreateNode.call(this, data);
    if (isRecord(node) && isRecord(node.decoder)) makeEndIdempotent(node.decoder);
    return node;
  }

  processHeaders(lines: HeaderLine[] | undefined): unknown {
    const kept = this.keptHeaders;
    return baseProcessHeaders.call(this, (lines ?? []).filter((line) => kept.has(line.key)));
  }

  /** Called by mailparser for every node header and body chunk mailsplit emits. */
  processChunk(data: unknown, done: (error?: Error | null) => void): void {
    if (isRecord(data)) {
      if (data.type === 'node' && typeof data.contentType === 'string' && TEXT_TYPES.has(data.contentType)) {
        // Never empty and never "utf-8", so mailparser always routes the part through LabelDecoder.
        data.charset = `${MARKER}${typeof data.charset === 'string' ? data.charset : ''}`;
      } else if (data.type === 'node' && Buffer.isBuffer(data._boundary)) {
        this.boundaries.push(data._boundary);
      } else if (
        data.type === 'body' &&
        !this.invalidBase64 &&
        isRecord(data.node) &&
        data.node.encoding === 'base64' &&
        Buffer.isBuffer(data.value) &&
        !isCleanBase64(data.value)
      ) {
        this.invalidBase64 = true;
      }
    }
    baseProcessChunk.call(this, data, done);
  }
}

/**
 * mailparser ends a part's decoder both when the part ends and again when the
 * message ends; on a finished stream Node answers the second end() by building
 * an ERR_STREAM_ALREADY_FINISHED error (with its stack trace) and dropping it.
 * Skipping that call changes nothing else; the error cost about 1.5 % of the parse time.
 */
function makeEndIdempotent(decoder: Record<string, unknown>): void {
  const end = decoder.end;
  if (typeof end !== 'function') return;
  decoder.end = function (this: Writable, ...args: unknown[]): unknown {
    if (args.length === 0 && (this.writableFinished || this.destroyed)) return this;
    return Reflect.apply(end, this, args);
  };
}

/** A C1 control in a name means raw 8-bit bytes were read as Latin-1 by mailsplit. */
const C1_CONTROL = /[\u0080-\u009f]/;

function repairFilename(name: string | undefined): string | null {
  if (!name) return null;
  if (!C1_CONTROL.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  return decodeText(Buffer.from(name, 'latin1'), null).text;
}

function collectAttachment(attachment: AttachmentStream): Promise<MimeAttachment> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    attachment.content.on('data', (chunk: Buffer) => chunks.push(chunk));
    attachment.content.once('error', reject);
    attachment.content.once('end', () => {
      const content = Buffer.concat(chunks);
      const cid = attachment.cid ?? null;
      resolve({
        filename: repairFilename(attachment.filename),
        contentType: attachment.contentType,
        contentId: cid || null,
        inline: attachment.related === true || attachment.contentDisposition === 'inline',
        content,
        sha256: attachment.checksum ?? createHash('sha256').update(content).digest('hex'),
      });
      attachment.release?.();
    });
  });
}

function hasClosingDelimiter(raw: Buffer, boundary: Buffer): boolean {
  return raw.includes(Buffer.concat([DASHES, boundary, DASHES]));
}

export function readMimeBody(raw: Buffer): Promise<MimeBody> {
  return new Promise((resolve, reject) => {
    const parser = new CharsetAwareMailParser();
    const pending: Array<Promise<MimeAttachment | null>> = [];
    const collected: { text: MessageText | null } = { text: null };
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'attachment') {
        // Settled here, so a failed attachment can never become an unhandled rejection.
        pending.push(
          collectAttachment(data).catch((error: unknown) => {
            fail(error);
            return null;
          }),
        );
      } else {
        collected.text = data;
      }
    });
    parser.once('error', fail);
    parser.once('end', () => {
      void Promise.all(pending).then((attachments) => {
        if (failed) return;
        const { text } = collected;
        resolve({
          text: typeof text?.text === 'string' ? text.text : null,
          html: typeof text?.html === 'string' ? text.html : null,
          attachments: attachments.filter((attachment): attachment is MimeAttachment => attachment !== null),
          detectedCharsets: parser.detectedCharsets,
          invalidBase64: parser.invalidBase64,
          unterminatedMultipart: parser.boundaries.some((boundary) => !hasClosingDelimiter(raw, boundary)),
        });
      });
    });
    parser.end(raw);
  });
}
