import { createTransport, Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { AppConfig } from '../config/app-config';
import { openNoDelaySocket } from './no-delay-socket';

/**
 * Builds the whole MIME message first, then hands nodemailer the finished bytes.
 *
 * Streamed, nodemailer writes a message to the socket a line or an encoded chunk at a time.
 * Our sockets have TCP_NODELAY (see no-delay-socket.ts), so each of those writes was its own
 * syscall and its own packet: in bench:outbound, socket writes were 29 % of the sending
 * process's CPU, and the receiving server paid for the packets too. A built message leaves in
 * a few large writes. Messages are small (attachments are capped), so holding one in memory
 * is cheap.
 *
 * The envelope is what nodemailer would derive from the headers: MAIL FROM the sender, RCPT
 * TO every To and Cc address.
 */
export async function sendComposed<Info>(transport: Transporter<Info>, mail: Mail.Options & { from: string }): Promise<Info> {
  const raw = await new MailComposer(mail).compile().build();
  return transport.sendMail({ envelope: { from: mail.from, to: [...recipients(mail.to), ...recipients(mail.cc)] }, raw });
}

function recipients(value: Mail.Options['to']): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry) => (typeof entry === 'string' ? entry : entry.address));
}

/**
 * The pooled SMTP transport the worker sends through (the bench and tests use the same one).
 * Plain or STARTTLS connections start as our own TCP_NODELAY socket (see no-delay-socket.ts).
 */
export function createPooledSmtpTransport(smtp: AppConfig['outbound']['smtp'], connections: number): Transporter<SMTPPool.SentMessageInfo> {
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    pool: true,
    maxConnections: connections,
    maxMessages: 1000,
    connectionTimeout: 15000,
    greetingTimeout: 15000,
    socketTimeout: 60000,
    ...(smtp.secure ? {} : { getSocket: (_options: unknown, callback: Parameters<typeof openNoDelaySocket>[2]) => openNoDelaySocket(smtp.host, smtp.port, callback) }),
  } as SMTPPool.Options);
}
