import * as net from 'net';

/**
 * nodemailer 7 writes the final "." of DATA as a separate small packet; with
 * Nagle's algorithm on, it waits for the server's delayed ACK (~40 ms), which
 * makes every delivery many times slower. An already-connected socket with
 * TCP_NODELAY is handed to nodemailer instead (nodemailer ≥ 10 does this itself).
 */
export function openNoDelaySocket(
  host: string,
  port: number,
  callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void,
): void {
  const socket = net.connect({ host, port, noDelay: true });
  const onError = (error: Error): void => callback(error);
  socket.once('error', onError);
  socket.once('connect', () => {
    socket.removeListener('error', onError);
    callback(null, { connection: socket });
  });
}
