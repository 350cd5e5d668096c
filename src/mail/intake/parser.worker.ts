import { parentPort } from 'worker_threads';
import { analyzeMessage } from '../../triage/message-analysis';
import { parseInboundMessage } from '../parsing/parse-inbound-message';

interface ParseTask {
  id: number;
  raw: Uint8Array;
  /** When known, routing and entity recognition run here too, off the main thread. */
  mailbox: string | null;
  receivedAt: number | null;
}

/**
 * Worker side of ParserPool: parses raw messages off the main event loop, one at a
 * time and in the order received, so the pool knows which message a timeout or a
 * crash belongs to (always the oldest unanswered one).
 */
const waiting: ParseTask[] = [];
let parsing = false;

async function drain(): Promise<void> {
  parsing = true;
  while (waiting.length > 0) {
    const task = waiting.shift()!;
    const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
    try {
      const message = await parseInboundMessage(raw);
      let analysis = null;
      try {
        if (task.mailbox) analysis = analyzeMessage(message, task.mailbox, new Date(task.receivedAt ?? Date.now()));
      } catch {
        // Triage is redone on the main thread when missing; a parse result is never lost for it.
      }
      parentPort?.postMessage({ id: task.id, message, analysis });
    } catch (error: unknown) {
      parentPort?.postMessage({ id: task.id, error: error instanceof Error ? error.name : 'Error' });
    }
  }
  parsing = false;
}

parentPort?.on('message', (task: ParseTask) => {
  waiting.push(task);
  if (!parsing) void drain();
});
