import { Transform, TransformCallback } from 'node:stream';
import { MailParser } from 'mailparser';
import type { AttachmentStream, MailParserOptions, MessageText } from 'mailparser';
import { decodeText } from './text-charset';

/**
 * Runs mailparser over a raw message and collects the text, the HTML (not yet
 * sanitized) and the attachments. Headers are read elsewhere (raw-headers.ts).
 *
 * mailparser decodes an unlabelled text part, or one labelled UTF-8 or ASCII, as
 * UTF-8 without looking, so a Latin-1 body turns into replacement characters.
 * Two hooks fix that: every text part is given a marker charset carrying its real
 * label, so mailparser hands it to the `Iconv` decoder below, which decodes it
 * with text-charset.ts (label when trustworthy, else UTF-8 when valid, else
 * detection).
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
}

const MARKER = 'x-mesa-label:';
const TEXT_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);

const PARSER_OPTIONS: MailParserOptions = {
  // Work we never use: textAsHtml, linkified text, cid: → data: URL inlining.
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  // Bounce reports stay attachments, as Zammad keeps them; the human text part is the body.
  keepDeliveryStatus: true,
  checksumAlgo: 'sha256',
  // Huge HTML-only mail is not converted to text (the HTML is still kept).
  maxHtmlLengthToParse: 2 * 1024 * 1024,
};

/** Collects the decoded bytes of one text part and decodes them in one go at the end. */
class LabelDecoder extends Transform {
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly label: string | null,
    private readonly detected: string[],
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    const bytes = Buffer.concat(this.chunks);
    const decoded = decodeText(bytes, this.label);
    if (decoded.detected) this.detected.push(decoded.charset);
    // mailparser expects UTF-8 bytes back; valid UTF-8 input is passed through untouched.
    done(null, decoded.charset === 'utf-8' && !decoded.detected ? bytes : Buffer.from(decoded.text, 'utf8'));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

type ChunkHandler = (this: MailParser, data: unknown, done: (error?: Error | null) => void) => void;

/**
 * mailparser's per-chunk hook. It is internal (not in the typings), so it is
 * looked up once here; mailparser is pinned in package-lock and the specs
 * cover both behaviours that depend on it.
 */
const baseProcessChunk = (MailParser.prototype as unknown as { processChunk: ChunkHandler }).processChunk;

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
  invalidBase64 = false;

  constructor() {
    const detected: string[] = [];
    super({
      ...PARSER_OPTIONS,
      Iconv: class {
        constructor(fromCharset: string) {
          const label = fromCharset.startsWith(MARKER) ? fromCharset.slice(MARKER.length) || null : fromCharset;
          return new LabelDecoder(label, detected);
        }
      } as unknown as MailParserOptions['Iconv'],
    });
    this.detectedCharsets = detected;
  }

  /** Called by mailparser for every node header and body chunk mailsplit emits. */
  processChunk(data: unknown, done: (error?: Error | null) => void): void {
    if (isRecord(data)) {
      if (data.type === 'node' && typeof data.contentType === 'string' && TEXT_TYPES.has(data.contentType)) {
        // Never empty and never "utf-8", so mailparser always routes the part through LabelDecoder.
        data.charset = `${MARKER}${typeof data.charset === 'string' ? data.charset : ''}`;
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
        sha256: attachment.checksum ?? '',
      });
      attachment.release?.();
    });
  });
}

export function readMimeBody(raw: Buffer): Promise<MimeBody> {
  return new Promise((resolve, reject) => {
    const parser = new CharsetAwareMailParser();
    const pending: Array<Promise<MimeAttachment>> = [];
    let text: MessageText | null = null;
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'attachment') {
        pending.push(collectAttachment(data).catch((error: unknown) => {
          fail(error);
          throw error;
        }));
      } else {
        text = data;
      }
    });
    parser.once('error', fail);
    parser.once('end', () => {
      Promise.all(pending).then((attachments) => {
        if (failed) return;
        const body = text as MessageText | null;
        resolve({
          text: typeof body?.text === 'string' ? body.text : null,
          html: typeof body?.html === 'string' ? body.html : null,
          attachments,
          detectedCharsets: parser.detectedCharsets,
          invalidBase64: parser.invalidBase64,
        });
      }, fail);
    });
    parser.end(raw);
  });
}
