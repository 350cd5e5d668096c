import { Logger } from '@nestjs/common';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { MessageAnalysis } from '../../triage/message-analysis';
import type { InboundMessage } from '../parsing/inbound-message';
import { parseInboundMessage } from '../parsing/parse-inbound-message';
import { readHeaderBlock } from '../parsing/raw-headers';

const MAX_SALVAGED_HEADER_BYTES = 256 * 1024;

/** A parsed message, with its routing and entity analysis when the worker could compute it. */
export type ParsedMessage = InboundMessage & { analysis?: MessageAnalysis };

/** What the analysis needs besides the bytes. */
export interface ParseContext {
  mailbox: string;
  receivedAt: Date | null;
}

interface PendingTask {
  id: number;
  raw: Buffer;
  context: ParseContext | null;
  resolve: (message: ParsedMessage | Promise<ParsedMessage>) => void;
}

interface PoolWorker {
  worker: Worker;
  /** Tasks posted to this worker, in the order it parses them; the head is being parsed. */
  inFlight: PendingTask[];
  /** Fires when the head has run past the time limit. */
  timer: NodeJS.Timeout | null;
}

/**
 * How many messages a worker holds at once. A worker with a queue of its own goes
 * straight on to the next message instead of waiting for the main thread, which is
 * often busy committing the previous batch, to hand it one.
 */
const WORKER_QUEUE_DEPTH = 128;

/**
 * Parses mail on worker threads. MIME parsing and HTML sanitizing are CPU-bound
 * (about 1 ms a message), so on the main thread they would cap intake at one core
 * and stall IMAP and database I/O. A worker also bounds the damage of a hostile
 * message: one that takes longer than the time limit, or kills its worker, becomes an
 * unreadable article (kept raw) instead of blocking the mailbox.
 */
export class ParserPool {
  private readonly logger = new Logger(ParserPool.name);
  private readonly workers: PoolWorker[] = [];
  private readonly queue: PendingTask[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private timeLimitMs = 30000,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  /** Never rejects: the worst outcome is an unreadable message. */
  parse(raw: Buffer, context: ParseContext | null = null): Promise<ParsedMessage> {
    if (this.size === 0 || this.closed) return parseInboundMessage(raw);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, raw, context, resolve });
      this.dispatch();
    });
  }

  /**
   * Resolves once every worker has parsed a first message: under ts-node a worker
   * compiles the parser on start, and the first real batch should not pay for that.
   */
  async warmUp(): Promise<void> {
    const probe = Buffer.from('Subject: arranque\r\nMessage-ID: <arranque@mesa-de-ayuda.invalid>\r\n\r\nlisto\r\n');
    const limit = this.timeLimitMs;
    this.timeLimitMs = Math.max(limit, 60000);
    try {
      await Promise.all(this.workers.map(() => this.parse(probe)));
    } finally {
      this.timeLimitMs = limit;
    }
  }

  setTimeLimit(ms: number): void {
    this.timeLimitMs = ms;
  }

  parseAll(raws: Buffer[], contexts: Array<ParseContext | null> = []): Promise<ParsedMessage[]> {
    return Promise.all(raws.map((raw, i) => this.parse(raw, contexts[i] ?? null)));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.workers) if (entry.timer) clearTimeout(entry.timer);
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private spawn(): PoolWorker {
    // Under ts-node (development, tests) the worker is TypeScript too and needs the loader.
    const typescript = __filename.endsWith('.ts');
    const worker = new Worker(path.join(__dirname, `parser.worker.${typescript ? 'ts' : 'js'}`), {
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    worker.unref();
    const entry: PoolWorker = { worker, inFlight: [], timer: null };
    worker.on('message', (reply: { id: number; message?: InboundMessage; analysis?: MessageAnalysis | null; error?: string }) => {
      const task = entry.inFlight[0];
      if (!task || task.id !== reply.id) return;
      this.finishHead(
        entry,
        reply.message
          ? { ...revive(reply.message), ...(reply.analysis ? { analysis: reply.analysis } : {}) }
          : unreadable(task.raw, `fallo del analizador (${reply.error ?? 'desconocido'})`),
      );
    });
    worker.on('error', (error: Error) => this.replace(entry, `el analizador terminó con error (${error.name})`));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(entry, `el analizador terminó (código ${code})`);
    });
    return entry;
  }

  private dispatch(): void {
    for (const entry of this.workers) {
      while (entry.inFlight.length < WORKER_QUEUE_DEPTH && this.queue.length > 0) {
        const task = this.queue.shift()!;
        entry.inFlight.push(task);
        entry.worker.postMessage({
          id: task.id,
          raw: task.raw,
          mailbox: task.context?.mailbox ?? null,
          receivedAt: task.context?.receivedAt?.getTime() ?? null,
        });
        if (entry.inFlight.length === 1) this.armTimer(entry);
      }
    }
  }

  /**
   * The head's clock starts when the message before it came back (or when it was
   * posted to an idle worker). A busy main thread only sees replies late, which makes
   * the limit more lenient, never stricter.
   */
  private armTimer(entry: PoolWorker): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      this.logger.warn(`análisis de un mensaje superó ${this.timeLimitMs} ms; se guarda como ilegible`);
      void entry.worker.terminate();
    }, this.timeLimitMs);
  }

  private finishHead(entry: PoolWorker, message: ParsedMessage | Promise<ParsedMessage>): void {
    const task = entry.inFlight.shift();
    if (!task) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.inFlight.length > 0) this.armTimer(entry);
    task.resolve(message);
    this.dispatch();
  }

  private replace(entry: PoolWorker, reason: string): void {
    const index = this.workers.indexOf(entry);
    if (index < 0 || this.closed) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const [culprit, ...waiting] = entry.inFlight;
    entry.inFlight = [];
    this.workers[index] = this.spawn();
    // Messages queued behind the culprit did nothing wrong: they go first to the new worker.
    this.queue.unshift(...waiting);
    // Salvage what the headers say; the raw copy is stored by the caller regardless.
    if (culprit) culprit.resolve(unreadable(culprit.raw, reason));
    this.dispatch();
  }
}

/** Structured clone turns Buffers into Uint8Arrays; give attachments their Buffer back. */
function revive(message: InboundMessage): InboundMessage {
  return {
    ...message,
    attachments: message.attachments.map((a) => ({ ...a, content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength) })),
  };
}

/**
 * What can still be said of a message whose parse crashed or ran out of time: its
 * headers alone (bounded), parsed on this thread, flagged unreadable. The raw copy
 * is stored by the caller in any case.
 */
async function unreadable(raw: Buffer, problem: string): Promise<InboundMessage> {
  const { bodyOffset } = readHeaderBlock(raw);
  const headersOnly = raw.subarray(0, Math.min(bodyOffset, MAX_SALVAGED_HEADER_BYTES));
  const salvaged = await parseInboundMessage(headersOnly);
  return { ...salvaged, text: null, html: null, attachments: [], unreadable: true, parseProblems: [...salvaged.parseProblems, problem] };
}
