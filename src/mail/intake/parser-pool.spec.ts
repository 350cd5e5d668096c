import { parseInboundMessage } from '../parsing/parse-inbound-message';
import { analyzeMessage } from '../../triage/message-analysis';
import { ParserPool } from './parser-pool';

function mail(subject: string, body: string, attachment?: Buffer): Buffer {
  const head = `From: Alcaldía de Pasto <planeacion@pasto.gov.co>\r\nTo: planeacionterritorial@dnp.gov.co\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@pasto.gov.co>\r\nMIME-Version: 1.0\r\n`;
  if (!attachment) return Buffer.from(`${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`, 'utf8');
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary=XYZ\r\n\r\n--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n` +
      `--XYZ\r\nContent-Type: application/pdf; name=acta.pdf\r\nContent-Disposition: attachment; filename=acta.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment.toString('base64')}\r\n--XYZ--\r\n`,
    'utf8',
  );
}

describe('ParserPool', () => {
  let pool: ParserPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('gives the same result on worker threads as parsing inline, Buffers included', async () => {
    pool = new ParserPool(2);
    const raws = [mail('Solicitud uno', 'Señores, ¿cómo están?'), mail('Acta adjunta', 'Adjunto el acta.', Buffer.from('%PDF-1.4 año'))];
    const [pooled, inline] = await Promise.all([pool.parseAll(raws), Promise.all(raws.map((r) => parseInboundMessage(r)))]);
    expect(pooled).toEqual(inline);
    expect(Buffer.isBuffer(pooled[1].attachments[0].content)).toBe(true);
    expect(pooled[1].attachments[0].content.toString('latin1')).toBe(Buffer.from('%PDF-1.4 año').toString('latin1'));
    expect(pooled[0].text?.trim()).toBe('Señores, ¿cómo están?');
  });

  it('turns a message that overruns the time limit into an unreadable one with its headers', async () => {
    pool = new ParserPool(1, 1);
    const huge = mail('Mensaje enorme', 'x'.repeat(200), Buffer.alloc(8 * 1024 * 1024, 7));
    const result = await pool.parse(huge);
    expect(result.unreadable).toBe(true);
    expect(result.subject).toBe('Mensaje enorme');
    expect(result.messageId).toBe('<Mensajeenorme@pasto.gov.co>');
    expect(result.attachments).toEqual([]);
    expect(result.parseProblems.join(' ')).toMatch(/analizador/);
    // The pool replaced its worker and keeps working.
    pool.setTimeLimit(30000);
    const after = await pool.parse(mail('Siguiente', 'ok'));
    expect(after.subject).toBe('Siguiente');
    expect(after.unreadable).toBe(false);
  }, 30000);

  it('hands the messages queued behind a timed-out one to the new worker, parsed normally', async () => {
    pool = new ParserPool(1, 1);
    const huge = mail('Mensaje enorme', 'x', Buffer.alloc(8 * 1024 * 1024, 7));
    // Only the head (the huge message) runs under the 1 ms limit, armed when it was posted.
    const results = pool.parseAll([huge, mail('Detras uno', 'a'), mail('Detras dos', 'b')]);
    pool.setTimeLimit(30000);
    const [first, second, third] = await results;
    expect(first.unreadable).toBe(true);
    expect([second.subject, second.unreadable]).toEqual(['Detras uno', false]);
    expect([third.subject, third.unreadable]).toEqual(['Detras dos', false]);
  }, 30000);

  it('routes and recognises the entity on the worker when the mailbox is known', async () => {
    pool = new ParserPool(1);
    const raw = mail('Solicitud de usuario SisPT', 'Solicitamos crear el usuario y la contraseña en SisPT.');
    const receivedAt = new Date('2024-01-16T14:00:00Z');
    const [withContext, without] = await pool.parseAll([raw, raw], [{ mailbox: 'planeacionterritorial@dnp.gov.co', receivedAt }, null]);
    expect(withContext.analysis).toEqual(analyzeMessage(without, 'planeacionterritorial@dnp.gov.co', receivedAt));
    expect(withContext.analysis?.routing.category).toBe('users');
    expect(withContext.analysis?.entity?.code).toBe('52001');
    expect(without.analysis).toBeUndefined();
  });

  it('parses inline when configured with no workers', async () => {
    pool = new ParserPool(0);
    const [result] = await pool.parseAll([mail('Sin hilos', 'Texto')]);
    expect(result.subject).toBe('Sin hilos');
    expect(result.unreadable).toBe(false);
  });
});
