import { parentPort } from 'worker_threads';
import { parseInboundMessage } from '../parsing/parse-inbound-message';

interface ParseTask {
  id: number;
  raw: Uint8Array;
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
      parentPort?.postMessage({ id: task.id, message: await parseInboundMessage(raw) });
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
