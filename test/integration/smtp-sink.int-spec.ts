import { randomBytes } from 'crypto';
import * as net from 'net';
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import {
  ensureSmtpSink,
  receivedMessages,
  smtpSinkConfig,
  startSmtpSink,
  stopSmtpSink,
  uniqueSinkRecipient,
  waitForReceived,
} from '../support/smtp-sink';

jest.setTimeout(60_000);

const FROM = 'planeacionterritorial@dnp.gov.co';

function transport(extra: Partial<SMTPTransport.Options> = {}) {
  const { host, port } = smtpSinkConfig();
  return createTransport({
    host,
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...extra,
  } as SMTPTransport.Options);
}

function newMessageId(): string {
  return `<mda-2024-000123.${randomBytes(6).toString('hex')}@mesa.dnp.gov.co>`;
}

/** A hand-built UTF-8 message: bytes the sink must store unchanged. */
function rawMessage(to: string, messageId: string): Buffer {
  return Buffer.from(
    [
      `From: Mesa de Ayuda DNP <${FROM}>`,
      `To: ${to}`,
      'Subject: =?UTF-8?B?' + Buffer.from('[MDA-2024-000123] Constancia de radicación – Tuluá', 'utf8').toString('base64') + '?=',
      `Message-ID: ${messageId}`,
      'Date: Tue, 16 Jan 2024 09:12:00 -0500',
      'Auto-Submitted: auto-replied',
      'X-Auto-Response-Suppress: All',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Señora María Peña Ñustes:',
      '',
      '.Una línea que empieza con punto (SMTP la duplica al enviar).',
      'Atención: lunes a viernes de 8:00 a. m. a 4:00 p. m.',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

/** Sends and returns the SMTP reply code (250 on success, the error's code otherwise). */
async function attempt(send: () => Promise<unknown>): Promise<number> {
  try {
    await send();
    return 250;
  } catch (error: unknown) {
    const code = (error as { responseCode?: number }).responseCode;
    if (code === undefined) throw error;
    return code;
  }
}

/** Opens a socket, reads the greeting, sends EHLO and returns the reply lines. */
function ehloLines(): Promise<string[]> {
  const { host, port } = smtpSinkConfig();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = '';
    let sentEhlo = false;
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!sentEhlo && /^220 .*\r\n/.test(buffer)) {
        sentEhlo = true;
        buffer = '';
        socket.write('EHLO pruebas.dnp.gov.co\r\n');
      } else if (sentEhlo && /(^|\r\n)250 [^\r\n]*\r\n$/.test(buffer)) {
        socket.end('QUIT\r\n');
        resolve(buffer.trim().split('\r\n'));
      }
    });
  });
}

describe('project SMTP sink (real SMTP over loopback)', () => {
  beforeAll(async () => {
    await ensureSmtpSink();
  });

  it('stores the raw bytes exactly as sent, with the envelope beside them', async () => {
    const to = uniqueSinkRecipient('raw');
    const cc = uniqueSinkRecipient('raw-cc');
    const messageId = newMessageId();
    const raw = rawMessage(to, messageId);
    const before = Date.now();
    const mailer = transport();
    try {
      const info = await mailer.sendMail({ envelope: { from: FROM, to: [to, cc] }, raw });
      expect(info.accepted).toEqual([to, cc]);
      expect(info.response).toMatch(/^250 2\.0\.0 Mensaje guardado como \d+-\d{6}-[0-9a-f]+\.eml$/);
    } finally {
      mailer.close();
    }

    const stored = await receivedMessages({ to });
    expect(stored).toHaveLength(1);
    const [message] = stored;
    // Dot-stuffing undone, CRLF kept, 8-bit UTF-8 untouched.
    expect(message.raw.equals(raw)).toBe(true);
    expect(message.envelope.mailFrom).toBe(FROM);
    expect(message.envelope.rcptTo).toEqual([to, cc]);
    expect(Date.parse(message.envelope.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(message.headers).toEqual({
      messageId,
      subject: '[MDA-2024-000123] Constancia de radicación – Tuluá',
      from: { address: FROM, name: 'Mesa de Ayuda DNP' },
      to: [{ address: to, name: '' }],
      inReplyTo: null,
      references: [],
      autoSubmitted: 'auto-replied',
      xAutoResponseSuppress: 'All',
    });
    expect(message.text).toContain('Señora María Peña Ñustes:');
    expect(message.text).toContain('\n.Una línea que empieza con punto');
    // The cc recipient finds the same stored message; the since filter keeps it too.
    expect((await receivedMessages({ to: cc.toUpperCase(), since: before - 1000 })).map((m) => m.file)).toEqual([message.file]);
    expect(await receivedMessages({ to, since: Date.now() + 60_000 })).toEqual([]);
  });

  it('keeps accents in headers and body of a message nodemailer composes', async () => {
    const to = uniqueSinkRecipient('acentos');
    const messageId = newMessageId();
    const mailer = transport({ auth: { user: 'mesa', pass: 'cualquiera' } });
    try {
      // AUTH PLAIN with any credentials is accepted, like a relay that requires it.
      await mailer.sendMail({
        from: { name: 'Mesa de Ayuda — Planeación Territorial', address: FROM },
        to: { name: 'Secretaría de Planeación de Tuluá', address: to },
        subject: 'Respuesta a su solicitud: usuario SisPT – Tuluá (Valle del Cauca)',
        messageId,
        inReplyTo: '<20240116141200.4TDx1f2k3Qz9sN@mail.tulua-valle.gov.co>',
        references: ['<20240116141200.4TDx1f2k3Qz9sN@mail.tulua-valle.gov.co>'],
        text: 'Señora María Peña Ñustes: su usuario quedó creado. ¿Necesita algo más?',
        html: '<p>Señora María Peña Ñustes: su usuario <strong>quedó creado</strong>. ¿Necesita algo más?</p>',
      });
    } finally {
      mailer.close();
    }

    const message = await waitForReceived((m) => m.headers.messageId === messageId, 5_000, { to });
    expect(message.headers.subject).toBe('Respuesta a su solicitud: usuario SisPT – Tuluá (Valle del Cauca)');
    expect(message.headers.from).toEqual({ address: FROM, name: 'Mesa de Ayuda — Planeación Territorial' });
    expect(message.headers.to).toEqual([{ address: to, name: 'Secretaría de Planeación de Tuluá' }]);
    expect(message.headers.inReplyTo).toBe('<20240116141200.4TDx1f2k3Qz9sN@mail.tulua-valle.gov.co>');
    expect(message.headers.references).toEqual(['<20240116141200.4TDx1f2k3Qz9sN@mail.tulua-valle.gov.co>']);
    expect(message.text?.trim()).toBe('Señora María Peña Ñustes: su usuario quedó creado. ¿Necesita algo más?');
    expect(message.html).toContain('<strong>quedó creado</strong>');
  });

  it('answers 550 at RCPT for +reject and rechazo-permanente, and stores only the good recipients', async () => {
    const good = uniqueSinkRecipient('mixto');
    const rejected = uniqueSinkRecipient('mixto', '+reject');
    const permanent = `rechazo-permanente-${randomBytes(4).toString('hex')}@tulua-valle.gov.co`;
    const mailer = transport();
    try {
      for (const to of [rejected, permanent]) {
        const error = await mailer.sendMail({ from: FROM, to, subject: 'Prueba', text: 'x' }).then(
          () => null,
          (e: unknown) => e as { responseCode?: number; response?: string },
        );
        expect(error?.responseCode).toBe(550);
        expect(error?.response).toMatch(/^550 5\.1\.1 /);
      }
      // With one good recipient the message goes through to it alone.
      const info = await mailer.sendMail({ from: FROM, to: [good, rejected], subject: 'Prueba mixta', text: 'x' });
      expect(info.accepted).toEqual([good]);
      expect(info.rejected).toEqual([rejected]);
    } finally {
      mailer.close();
    }
    expect(await receivedMessages({ to: rejected })).toEqual([]);
    expect(await receivedMessages({ to: permanent })).toEqual([]);
    const stored = await receivedMessages({ to: good });
    expect(stored.map((m) => m.envelope.rcptTo)).toEqual([[good]]);
  });

  it('answers 451 to the first two DATA attempts of a +tempfail2 Message-ID, then 250', async () => {
    const to = uniqueSinkRecipient('temporal', '+tempfail2');
    const messageId = newMessageId();
    const mailer = transport();
    const codes: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        codes.push(await attempt(() => mailer.sendMail({ from: FROM, to, subject: 'Reintento', text: 'Información adicional', messageId })));
      }
      // Another Message-ID to the same address has its own count.
      const other = newMessageId();
      codes.push(await attempt(() => mailer.sendMail({ from: FROM, to, subject: 'Otro', text: 'x', messageId: other })));
    } finally {
      mailer.close();
    }
    expect(codes).toEqual([451, 451, 250, 451]);
    const stored = await receivedMessages({ to });
    expect(stored.map((m) => m.headers.messageId)).toEqual([messageId]);
  });

  it('keeps the +tempfail count across a sink restart', async () => {
    const to = uniqueSinkRecipient('reinicio', '+tempfail2');
    const messageId = newMessageId();
    const send = async (): Promise<number> => {
      const mailer = transport();
      try {
        return await attempt(() => mailer.sendMail({ from: FROM, to, subject: 'Reintento', text: 'x', messageId }));
      } finally {
        mailer.close();
      }
    };
    expect(await send()).toBe(451);
    await stopSmtpSink();
    try {
      // Down: the sender sees a connection error, not an SMTP reply.
      await expect(send()).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) });
    } finally {
      await startSmtpSink();
    }
    expect(await send()).toBe(451);
    expect(await send()).toBe(250);
    expect(await receivedMessages({ to })).toHaveLength(1);
  });

  it('stores a +slow message before the delayed 250', async () => {
    const to = uniqueSinkRecipient('lento', '+slow1500');
    const messageId = newMessageId();
    const mailer = transport();
    try {
      const started = Date.now();
      let answered = false;
      const sending = mailer.sendMail({ from: FROM, to, subject: 'Lento', text: 'x', messageId }).finally(() => {
        answered = true;
      });
      const stored = await waitForReceived((m) => m.headers.messageId === messageId, 1_400, { to });
      expect(answered).toBe(false);
      expect(stored.envelope.rcptTo).toEqual([to]);
      await sending;
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    } finally {
      mailer.close();
    }
  });

  it('offers AUTH PLAIN/LOGIN and a 50 MiB SIZE, and no STARTTLS', async () => {
    const lines = await ehloLines();
    expect(lines.some((line) => /^250[- ]AUTH PLAIN LOGIN$/.test(line))).toBe(true);
    expect(lines.some((line) => line.slice(4) === `SIZE ${50 * 1024 * 1024}`)).toBe(true);
    expect(lines.some((line) => /STARTTLS/i.test(line))).toBe(false);
  });
});
