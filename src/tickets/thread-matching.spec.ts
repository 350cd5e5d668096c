import { matchThread, ThreadEvidence, ThreadLookups } from './thread-matching';

const storedMessages: Record<string, string> = {
  '<first@muni.gov.co>': 't1',
  '<second@muni.gov.co>': 't2',
  '<ack@dnp.gov.co>': 't3',
};
const tickets: Record<string, string> = { 'MDA-2024-000001': 't1', 'MDA-2024-000007': 't7' };

const lookups: ThreadLookups = {
  ticketOfMessage: (id) => storedMessages[id],
  ticketOfReference: (ref) => tickets[ref],
  referenceInOurMessageId: (id) => {
    const found = /^<mda-(\d{4})-(\d{6})\./i.exec(id);
    return found ? `MDA-${found[1]}-${found[2]}` : null;
  },
};

const none: ThreadEvidence = { bouncedMessageId: null, inReplyTo: [], references: [], subjectTicketRef: null };

describe('matchThread', () => {
  const cases: Array<[string, Partial<ThreadEvidence>, ReturnType<typeof matchThread>]> = [
    ['opens a new ticket when nothing points anywhere', {}, { kind: 'new' }],
    ['joins the ticket named by In-Reply-To', { inReplyTo: ['<second@muni.gov.co>'] }, { kind: 'existing', ticketKey: 't2', via: 'in-reply-to' }],
    [
      'prefers In-Reply-To over References',
      { inReplyTo: ['<second@muni.gov.co>'], references: ['<first@muni.gov.co>'] },
      { kind: 'existing', ticketKey: 't2', via: 'in-reply-to' },
    ],
    [
      'walks References from the newest when In-Reply-To is unknown',
      { inReplyTo: ['<unknown@x>'], references: ['<first@muni.gov.co>', '<second@muni.gov.co>', '<zzz@x>'] },
      { kind: 'existing', ticketKey: 't2', via: 'references' },
    ],
    [
      'recognises our own Message-ID even when that message is not stored',
      { inReplyTo: ['<mda-2024-000007.abc@dnp.gov.co>'] },
      { kind: 'existing', ticketKey: 't7', via: 'our-message-id' },
    ],
    [
      'ignores our Message-ID format when the ticket does not exist',
      { inReplyTo: ['<mda-2024-000999.abc@dnp.gov.co>'] },
      { kind: 'new' },
    ],
    ['uses the subject token when headers say nothing', { subjectTicketRef: 'MDA-2024-000001' }, { kind: 'existing', ticketKey: 't1', via: 'subject-token' }],
    [
      'lets headers win over a subject token pointing elsewhere',
      { inReplyTo: ['<second@muni.gov.co>'], subjectTicketRef: 'MDA-2024-000001' },
      { kind: 'existing', ticketKey: 't2', via: 'in-reply-to' },
    ],
    ['does not join on an unknown subject token', { subjectTicketRef: 'MDA-2023-000555' }, { kind: 'new' }],
    [
      'attaches a bounce to the ticket of the bounced message first',
      { bouncedMessageId: '<ack@dnp.gov.co>', inReplyTo: ['<first@muni.gov.co>'] },
      { kind: 'existing', ticketKey: 't3', via: 'bounce' },
    ],
    [
      'attaches a bounce of our own mail to its ticket even when that mail is not stored',
      { bouncedMessageId: '<mda-2024-000007.k2@dnp.gov.co>' },
      { kind: 'existing', ticketKey: 't7', via: 'bounce' },
    ],
  ];

  it.each(cases)('%s', (_name, evidence, expected) => {
    expect(matchThread({ ...none, ...evidence }, lookups)).toEqual(expected);
  });
});
