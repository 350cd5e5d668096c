import {
  buildOurMessageId,
  findTicketReferenceInSubject,
  formatTicketReference,
  parseTicketReference,
  ticketReferenceFromMessageId,
} from './ticket-reference';

describe('formatTicketReference', () => {
  it.each([
    [2024, 1, 'MDA-2024-000001'],
    [2024, 123, 'MDA-2024-000123'],
    [2025, 999_999, 'MDA-2025-999999'],
  ])('formats %d/%d as %s', (year, seq, expected) => {
    expect(formatTicketReference(year, seq)).toBe(expected);
  });

  it.each([
    [2024, 0],
    [2024, 1_000_000],
    [2024, 1.5],
    [24, 1],
    [10000, 1],
  ])('refuses year %d, sequence %d', (year, seq) => {
    expect(() => formatTicketReference(year, seq)).toThrow(RangeError);
  });
});

describe('parseTicketReference', () => {
  it.each([
    ['MDA-2024-000123', { year: 2024, sequence: 123 }],
    ['mda-2024-000123', { year: 2024, sequence: 123 }],
    [' MDA-2025-999999 ', { year: 2025, sequence: 999_999 }],
    ['MDA-2024-000000', null],
    ['MDA-2024-123', null],
    ['MDA-2024-0001234', null],
    ['[MDA-2024-000123]', null],
    ['XMDA-2024-000123', null],
  ])('reads %j', (input, expected) => {
    expect(parseTicketReference(input)).toEqual(expected);
  });
});

describe('findTicketReferenceInSubject', () => {
  it.each([
    ['RE: Error al cargar el PDT [MDA-2024-000123]', 'MDA-2024-000123'],
    ['rv: [mda-2024-000123] usuario bloqueado', 'MDA-2024-000123'],
    ['[ MDA-2024-000045 ] espacios', 'MDA-2024-000045'],
    ['Fwd: [MDA-2023-000001] RE: otra [MDA-2024-000002]', 'MDA-2024-000002'],
    ['Consulta MDA-2024-000123 sin corchetes', null],
    ['[MDA-2024-12345]', null],
    ['[MDA-2024-000000]', null],
    ['', null],
  ])('finds the token in %j', (subject, expected) => {
    expect(findTicketReferenceInSubject(subject)).toBe(expected);
  });
});

describe('ticketReferenceFromMessageId', () => {
  it.each([
    ['<mda-2024-000123.k3j4h5@mesa.dnp.gov.co>', 'MDA-2024-000123'],
    ['<MDA-2024-000123.abc.def@mesa.dnp.gov.co>', 'MDA-2024-000123'],
    ['mda-2024-000123.x@dnp.gov.co', 'MDA-2024-000123'],
    ['<mda-2024-000123@mesa.dnp.gov.co>', null],
    ['<CAF3x=mda-2024-000123.x@mail.gmail.com>', null],
    ['<mda-2024-000123.x>', null],
    ['', null],
  ])('reads %j', (id, expected) => {
    expect(ticketReferenceFromMessageId(id)).toBe(expected);
  });
});

describe('buildOurMessageId', () => {
  it('builds an id that ticketReferenceFromMessageId reads back', () => {
    const id = buildOurMessageId('MDA-2024-000123', '01HMX7Q2', 'Mesa.DNP.gov.co');
    expect(id).toBe('<mda-2024-000123.01HMX7Q2@mesa.dnp.gov.co>');
    expect(ticketReferenceFromMessageId(id)).toBe('MDA-2024-000123');
  });

  it.each([
    ['MDA-2024-12', 'u', 'dnp.gov.co'],
    ['MDA-2024-000123', 'a b', 'dnp.gov.co'],
    ['MDA-2024-000123', 'a@b', 'dnp.gov.co'],
    ['MDA-2024-000123', 'u', 'dnp gov'],
    ['MDA-2024-000123', 'u', ''],
  ])('refuses %j / %j / %j', (ref, unique, domain) => {
    expect(() => buildOurMessageId(ref, unique, domain)).toThrow(RangeError);
  });
});
