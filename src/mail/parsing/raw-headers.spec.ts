import { readHeaderBlock, stripMboxFromLine } from './raw-headers';

const read = (raw: string | Buffer) => {
  const buffer = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  const block = readHeaderBlock(buffer);
  return {
    headers: block.headers.map((h) => [h.name, h.value.toString('latin1')]),
    body: buffer.subarray(block.bodyOffset).toString('latin1'),
  };
};

describe('readHeaderBlock', () => {
  it.each([
    ['LF line endings', 'From: a@b\nSubject: x\n\ncuerpo', [['from', 'a@b'], ['subject', 'x']], 'cuerpo'],
    ['CRLF line endings', 'From: a@b\r\nSubject: x\r\n\r\ncuerpo', [['from', 'a@b'], ['subject', 'x']], 'cuerpo'],
    ['folded values', 'Subject: uno\r\n dos\r\n\ttres\r\n\r\n', [['subject', 'uno dos\ttres']], ''],
    ['names in any case', 'MESSAGE-ID: <x@y>\n\n', [['message-id', '<x@y>']], ''],
    ['a space before the colon', 'Subject : x\n\n', [['subject', 'x']], ''],
    ['empty values', 'Cc:\nTo: a@b\n\n', [['cc', ''], ['to', 'a@b']], ''],
    ['a stray line inside the headers', 'From: a@b\nbasura sin dos puntos\nSubject: x\n\ncuerpo', [['from', 'a@b'], ['subject', 'x']], 'cuerpo'],
    ['no blank line', 'From: a@b\nSubject: x', [['from', 'a@b'], ['subject', 'x']], ''],
    ['no headers at all', '\ncuerpo', [], 'cuerpo'],
    ['raw 8-bit bytes', 'Subject: Informaci\xf3n\n\n', [['subject', 'Informaci\xf3n']], ''],
  ])('reads %s', (_what, raw, headers, body) => {
    expect(read(raw)).toEqual({ headers, body });
  });
});

describe('stripMboxFromLine', () => {
  it.each([
    ['From martin@example.com  Thu May  3 12:04:29 2012\nFrom: a@b\n', 'From: a@b\n'],
    ['From: a@b\n', 'From: a@b\n'],
    ['Return-Path: <a@b>\nFrom x\n', 'Return-Path: <a@b>\nFrom x\n'],
    ['From nadie', ''],
  ])('%j → %j', (raw, expected) => {
    expect(stripMboxFromLine(Buffer.from(raw)).toString()).toBe(expected);
  });
});
