import { randomBytes } from 'crypto';
import { simpleParser } from 'mailparser';
import { createPooledSmtpTransport, sendComposed } from '../../src/outbound/send-composed';
import { ensureSmtpSink, smtpSinkConfig, uniqueSinkRecipient, waitForReceived } from '../support/smtp-sink';

jest.setTimeout(60_000);

describe('sendComposed over the worker\'s pooled transport, to the real sink', () => {
  const { host, port } = smtpSinkConfig();
  const transport = createPooledSmtpTransport({ host, port, secure: false, user: null, password: null }, 2);

  beforeAll(() => ensureSmtpSink());
  afterAll(() => transport.close());

  it('delivers to every To and Cc address, with our Message-ID, headers, text, HTML and attachment intact', async () => {
    const to = uniqueSinkRecipient('compuesto-para');
    const cc = uniqueSinkRecipient('compuesto-copia');
    const messageId = `<mda-2024-000321.${randomBytes(6).toString('hex')}@dnp.gov.co>`;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000)]);
    const since = Date.now() - 1000;

    const info = await sendComposed(transport, {
      messageId,
      from: 'planeacionterritorial@dnp.gov.co',
      replyTo: 'planeacionterritorial@dnp.gov.co',
      to: [to],
      cc: [cc],
      subject: 'RE: Solicitud de usuario SisPT para Güicán de la Sierra [MDA-2024-000321]',
      inReplyTo: '<original@alcaldia.gov.co>',
      references: ['<original@alcaldia.gov.co>'],
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'Respetado(a) señor(a): su solicitud quedó radicada con el número MDA-2024-000321.\n.\nUna línea con solo un punto.',
      html: '<p>Respetado(a) señor(a): su solicitud quedó radicada.</p>',
      attachments: [{ filename: 'guía ppi.pdf', contentType: 'application/pdf', content: pdf }],
    });
    expect(String((info as { response?: string }).response)).toMatch(/^250/);

    const toCopy = await waitForReceived((m) => m.headers.messageId === messageId, 10_000, { to, since });
    const ccCopy = await waitForReceived((m) => m.headers.messageId === messageId, 10_000, { to: cc, since });
    // One delivery, both recipients in its envelope.
    expect(ccCopy.file).toBe(toCopy.file);
    expect(toCopy.envelope.mailFrom).toBe('planeacionterritorial@dnp.gov.co');
    expect(toCopy.envelope.rcptTo.map((r) => r.toLowerCase()).sort()).toEqual([to, cc].map((r) => r.toLowerCase()).sort());

    const parsed = await simpleParser(toCopy.raw);
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.subject).toBe('RE: Solicitud de usuario SisPT para Güicán de la Sierra [MDA-2024-000321]');
    expect(parsed.inReplyTo).toBe('<original@alcaldia.gov.co>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.date).toBeInstanceOf(Date);
    // A line holding only "." survives SMTP's dot-stuffing.
    expect(parsed.text).toContain('MDA-2024-000321.\n.\nUna línea con solo un punto.');
    expect(parsed.html).toContain('quedó radicada');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].filename).toBe('guía ppi.pdf');
    expect(parsed.attachments[0].content.equals(pdf)).toBe(true);
  });
});
