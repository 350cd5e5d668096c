import { threadHints } from './thread-hints';

describe('threadHints', () => {
  it.each([
    {
      name: 'takes the reference from the subject token',
      message: { subject: 'RE: Consulta [MDA-2024-000123]', inReplyTo: [], references: [] },
      expected: { ticketRef: 'MDA-2024-000123', inReplyTo: null, references: [] },
    },
    {
      name: 'prefers our Message-ID in In-Reply-To over the subject',
      message: {
        subject: 'RE: Consulta [MDA-2024-000999]',
        inReplyTo: ['<mda-2024-000123.a1@mesa.dnp.gov.co>'],
        references: ['<x@gmail.com>', '<mda-2024-000123.a1@mesa.dnp.gov.co>'],
      },
      expected: {
        ticketRef: 'MDA-2024-000123',
        inReplyTo: '<mda-2024-000123.a1@mesa.dnp.gov.co>',
        references: ['<x@gmail.com>', '<mda-2024-000123.a1@mesa.dnp.gov.co>'],
      },
    },
    {
      name: 'uses the newest of our ids in References when In-Reply-To is foreign',
      message: {
        subject: 'Consulta sin token',
        inReplyTo: ['<abc@outlook.com>'],
        references: ['<mda-2024-000001.a@mesa.dnp.gov.co>', '<mda-2024-000002.b@mesa.dnp.gov.co>', '<abc@outlook.com>'],
      },
      expected: {
        ticketRef: 'MDA-2024-000002',
        inReplyTo: '<abc@outlook.com>',
        references: ['<mda-2024-000001.a@mesa.dnp.gov.co>', '<mda-2024-000002.b@mesa.dnp.gov.co>', '<abc@outlook.com>'],
      },
    },
    {
      name: 'reports no reference for a new conversation',
      message: { subject: 'Solicitud de usuario', inReplyTo: ['<a@b>', '<c@d>'], references: [] },
      expected: { ticketRef: null, inReplyTo: '<a@b>', references: [] },
    },
  ])('$name', ({ message, expected }) => {
    expect(threadHints(message)).toEqual(expected);
  });
});
