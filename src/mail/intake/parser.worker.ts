import { parentPort } from 'worker_threads';
import { parseInboundMessage } from '../parsing/parse-inbound-message';

/** Worker side of ParserPool: parses raw messages off the main event loop. */
parentPort?.on('message', (task: { id: number; raw: Uint8Array }) => {
  const raw = Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength);
  parseInboundMessage(raw).then(
    (message) => parentPort?.postMessage({ id: task.id, message }),
    (error: unknown) => parentPort?.postMessage({ id: task.id, error: error instanceof Error ? error.name : 'Error' }),
  );
});
