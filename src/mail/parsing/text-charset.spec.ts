import iconv from 'iconv-lite';
import { decodeText, detectCharset, usableCharset } from './text-charset';

const SPANISH = 'Señora Muñoz: la Secretaría de Planeación de Tuluá envió el “Formato” – año 2024…';

describe('usableCharset', () => {
  it.each([
    ['utf-8', null],
    ['UTF8', null],
    ['us-ascii', null],
    ['"utf-8"', null],
    ['utf-7', null], // refused: it can smuggle markup
    ['x-unknown-charset', null],
    ['', null],
    [null, null],
    ['ISO-8859-1', 'windows-1252'], // WHATWG: Latin-1 labels mean windows-1252
    ['latin1', 'windows-1252'],
    ['windows-1252', 'windows-1252'],
    ['ISO-8859-15', 'iso-8859-15'],
    ['gb2312', 'gbk'],
    ['iso-2022-jp', 'iso-2022-jp'],
    ['windows-1258', 'windows-1258'],
  ])('%j → %j', (label, expected) => {
    expect(usableCharset(label)).toBe(expected);
  });
});

describe('decodeText', () => {
  it.each<[string, Buffer, string | null, { text: string; charset: string; detected: boolean }]>([
    ['labelled UTF-8', Buffer.from(SPANISH, 'utf8'), 'utf-8', { text: SPANISH, charset: 'utf-8', detected: false }],
    ['unlabelled UTF-8', Buffer.from(SPANISH, 'utf8'), null, { text: SPANISH, charset: 'utf-8', detected: false }],
    ['labelled windows-1252', iconv.encode(SPANISH, 'win1252'), 'windows-1252', { text: SPANISH, charset: 'windows-1252', detected: false }],
    // Outlook writes curly quotes under an ISO-8859-1 label; C1 controls would be wrong.
    ['windows-1252 bytes labelled ISO-8859-1', iconv.encode(SPANISH, 'win1252'), 'iso-8859-1', { text: SPANISH, charset: 'windows-1252', detected: false }],
    ['unlabelled windows-1252', iconv.encode(SPANISH, 'win1252'), null, { text: SPANISH, charset: 'windows-1252', detected: true }],
    ['Latin-1 mislabelled as UTF-8', iconv.encode('Año de la niña', 'latin1'), 'utf-8', { text: 'Año de la niña', charset: 'windows-1252', detected: true }],
    ['Latin-1 labelled US-ASCII', iconv.encode('Información', 'latin1'), 'us-ascii', { text: 'Información', charset: 'windows-1252', detected: true }],
    ['unlabelled GBK', iconv.encode('我们无法登录SisPT平台，请协助重置密码。', 'gbk'), null, { text: '我们无法登录SisPT平台，请协助重置密码。', charset: 'gb18030', detected: true }],
    ['labelled ISO-2022-JP', Buffer.from('\x1b$B%a%k%^%,2r=|\x1b(B', 'latin1'), 'iso-2022-jp', { text: 'メルマガ解除', charset: 'iso-2022-jp', detected: false }],
    ['UTF-7 is not decoded', Buffer.from('+ADw-script+AD4-', 'ascii'), 'utf-7', { text: '+ADw-script+AD4-', charset: 'utf-8', detected: false }],
  ])('decodes %s', (_name, bytes, label, expected) => {
    expect(decodeText(bytes, label)).toEqual(expected);
  });
});

describe('detectCharset', () => {
  it.each([
    ['short Spanish Latin-1', 'windows-1252', iconv.encode('Petición', 'latin1')],
    ['Spanish Latin-1 that chardet calls ISO-8859-2', 'windows-1252', iconv.encode('Señor Gómez: información', 'latin1')],
    ['GBK', 'gb18030', iconv.encode('转发：整体提升企业服务水平', 'gbk')],
    ['a single byte chardet calls UTF-32', 'windows-1252', Buffer.from([0xe9])],
    ['UTF-16 with a byte order mark', 'utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Planeación territorial', 'utf16le')])],
  ])('reads %s as %s', (_name, charset, bytes) => {
    expect(detectCharset(bytes)).toBe(charset);
  });
});
