import iconv from 'iconv-lite';
import { cleanAddress, decodeUnstructured, headerBlockCharset, isUsableAddress, parseAddresses } from './decode-headers';
import type { RawHeader } from './raw-headers';

describe('headerBlockCharset and decodeUnstructured', () => {
  it.each<[string, Buffer[], string | null, string]>([
    ['plain ASCII', [Buffer.from('Consulta SisPT')], null, 'Consulta SisPT'],
    ['an encoded word', [Buffer.from('=?ISO-8859-1?Q?A=F1o_2024_-_Tulu=E1?=')], null, 'Año 2024 - Tuluá'],
    ['split encoded words', [Buffer.from('=?UTF-8?B?U29saWNpdHVkIGRl?= =?UTF-8?B?IHVzdWFyaW8gw7E=?=')], null, 'Solicitud de usuario ñ'],
    ['raw UTF-8', [Buffer.from('Información de Güicán', 'utf8')], null, 'Información de Güicán'],
    ['raw Latin-1', [iconv.encode('Información de Güicán', 'latin1'), iconv.encode('Peña', 'latin1')], 'windows-1252', 'Información de Güicán'],
    ['raw GBK', [iconv.encode('转发：整体提升企业服务水平', 'gbk'), iconv.encode('武兰成', 'gbk')], 'gb18030', '转发：整体提升企业服务水平'],
  ])('decodes %s', (_what, values, charset, text) => {
    const headers: RawHeader[] = values.map((value) => ({ name: 'subject', value }));
    const blockCharset = headerBlockCharset(headers);
    expect(blockCharset).toBe(charset);
    expect(decodeUnstructured(values[0], blockCharset)).toBe(text);
  });
});

describe('parseAddresses', () => {
  it.each<[string, Buffer, Array<{ address: string; name: string }>]>([
    ['a named address', Buffer.from('"Peña, María" <MPena@Tulua.gov.co>'), [{ address: 'mpena@tulua.gov.co', name: 'Peña, María' }]],
    ['an encoded name', Buffer.from('=?utf-8?Q?Alcald=C3=ADa?= <a@b.co>, c@d.co'), [{ address: 'a@b.co', name: 'Alcaldía' }, { address: 'c@d.co', name: '' }]],
    ['a group', Buffer.from('Equipo: a@b.co, c@d.co;'), [{ address: 'a@b.co', name: '' }, { address: 'c@d.co', name: '' }]],
    ['raw UTF-8', Buffer.from('Ángela Muñoz <amunoz@monteria.gov.co>', 'utf8'), [{ address: 'amunoz@monteria.gov.co', name: 'Ángela Muñoz' }]],
    ['an empty address', Buffer.from('"Alcaldía" <>'), [{ address: '', name: 'Alcaldía' }]],
    ['a bracketed MAILER-DAEMON', Buffer.from('<MAILER-DAEMON>'), [{ address: 'mailer-daemon', name: '' }]],
  ])('reads %s', (_what, value, expected) => {
    expect(parseAddresses(value, null)).toEqual(expected);
  });
});

describe('cleanAddress', () => {
  it.each([
    ['Ana@Pasto.GOV.co', 'ana@pasto.gov.co'],
    ['"Millions Lottery"@example.com>', '"millions lottery"@example.com'],
    ['power quadrant system@example.com', 'system@example.com'],
    ['<a@b.co>', 'a@b.co'],
    ['sin arroba y con espacios', ''],
  ])('%j → %j', (address, expected) => {
    expect(cleanAddress(address)).toBe(expected);
  });
});

describe('isUsableAddress', () => {
  it.each([
    ['ana@pasto.gov.co', true],
    ['claudia.shu@yahoo.com.', true],
    ['"a b"@example.com', true],
    ['mailer-daemon', true],
    ['', false],
    ['[??????]', false],
    ['@pasto.gov.co', false],
    ['ana@', false],
    ['ana@pasto gov', false],
  ])('%j → %j', (address, usable) => {
    expect(isUsableAddress(address)).toBe(usable);
  });
});
