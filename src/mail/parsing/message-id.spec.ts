import { normalizeMessageId, parseMessageIdList, synthesizeMessageId } from './message-id';
import { readHeaderBlock } from './raw-headers';

describe('normalizeMessageId', () => {
  it.each([
    ['<abc@host.co>', '<abc@host.co>'],
    ['  <abc@host.co>  (comentario)', '<abc@host.co>'],
    ['abc@host.co', '<abc@host.co>'],
    ['<<abc@host.co>>', '<abc@host.co>'],
    ['', null],
    ['   ', null],
    ['<>', null],
  ])('%j → %j', (value, expected) => {
    expect(normalizeMessageId(value)).toBe(expected);
  });
});

describe('parseMessageIdList', () => {
  it.each([
    [['<a@x> <b@x>'], ['<a@x>', '<b@x>']],
    [['<a@x>\r\n <b@x>', '<c@x>'], ['<a@x>', '<b@x>', '<c@x>']],
    [['<a@x> (mensaje de Ana del lunes)'], ['<a@x>']],
    [['<a@x> <b@x> <a@x>'], ['<a@x>', '<b@x>']],
    [['a@x, b@x'], ['<a@x>', '<b@x>']],
    [['Su mensaje del lunes'], []],
    [[], []],
  ])('%j → %j', (values, expected) => {
    expect(parseMessageIdList(values)).toEqual(expected);
  });
});

describe('synthesizeMessageId', () => {
  const message = 'From: a@pasto.gov.co\nTo: b@dnp.gov.co\nSubject: Consulta\nDate: Tue, 16 Jan 2024 09:12:00 -0500\n\nCuerpo\n';
  const idOf = (raw: string): string => {
    const buffer = Buffer.from(raw, 'utf8');
    const block = readHeaderBlock(buffer);
    return synthesizeMessageId(block.headers, buffer.subarray(block.bodyOffset));
  };

  it('has the documented form', () => {
    expect(idOf(message)).toMatch(/^<[0-9a-f]{64}\.generated@mesa-de-ayuda\.invalid>$/);
  });

  it.each([
    ['trace headers', `Received: from x by y\nDelivered-To: kpt@dnp.gov.co\nReturn-Path: <a@pasto.gov.co>\nX-Original-To: kpt@dnp.gov.co\n${message}`],
    ['spam-filter and authentication headers', `X-Spam-Score: 1.2\nAuthentication-Results: mx; spf=pass\nARC-Seal: i=1\n${message}`],
    ['CRLF line endings', message.replace(/\n/g, '\r\n')],
    ['refolded headers', message.replace('Subject: Consulta', 'Subject:\n Consulta')],
    ['extra trailing line breaks', `${message}\n\n`],
  ])('ignores %s', (_what, variant) => {
    expect(idOf(variant)).toBe(idOf(message));
  });

  it.each([
    ['the body', message.replace('Cuerpo', 'Otro cuerpo')],
    ['the subject', message.replace('Consulta', 'Consulta 2')],
    ['a recipient', message.replace('b@dnp', 'c@dnp')],
  ])('depends on %s', (_what, variant) => {
    expect(idOf(variant)).not.toBe(idOf(message));
  });
});
