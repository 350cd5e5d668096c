import {
  CutoverPolicy,
  isAfterCutover,
  kptNoticeFor,
  queueForExistingTicket,
  queueForNewTicket,
  replyFromFor,
} from './cutover-policy';

const KPT = 'kpt@dnp.gov.co';
const PT = 'planeacionterritorial@dnp.gov.co';
const policy: CutoverPolicy = {
  at: new Date('2024-02-01T00:00:00-05:00'),
  retiredMailbox: KPT,
  successorMailbox: PT,
  kptQuestionsUntil: '2024-01-12',
  kptReportDeadline: '2024-01-31',
};
const at = (iso: string) => new Date(iso);

describe('isAfterCutover', () => {
  it.each([
    ['2024-01-31T23:59:59-05:00', false],
    ['2024-02-01T00:00:00-05:00', true],
    ['2024-02-01T00:00:01-05:00', true],
    ['2024-02-01T04:59:59Z', false],
  ])('%s → %s', (instant, expected) => {
    expect(isAfterCutover(at(instant), policy)).toBe(expected);
  });
});

describe('queueForNewTicket', () => {
  it.each<[string, string[], string, string]>([
    ['kpt@ one second before the cutover stays in kpt@', [KPT], '2024-01-31T23:59:59-05:00', KPT],
    ['kpt@ at the cutover instant goes to planeacion', [KPT], '2024-02-01T00:00:00-05:00', PT],
    ['kpt@ one second after goes to planeacion', [KPT], '2024-02-01T00:00:01-05:00', PT],
    ['kpt@ in early January stays in kpt@', [KPT], '2024-01-03T10:00:00-05:00', KPT],
    ['planeacion@ before the cutover stays there', [PT], '2024-01-10T10:00:00-05:00', PT],
    ['planeacion@ after the cutover stays there', [PT], '2024-03-10T10:00:00-05:00', PT],
    ['both mailboxes in January go to planeacion', [KPT, PT], '2024-01-10T10:00:00-05:00', PT],
    ['both mailboxes, kpt listed second, go to planeacion', [PT, KPT], '2024-01-10T10:00:00-05:00', PT],
    ['both mailboxes after the cutover go to planeacion', [KPT, PT], '2024-02-05T10:00:00-05:00', PT],
    ['an unknown mailbox keeps its own queue', ['otro@dnp.gov.co'], '2024-02-05T10:00:00-05:00', 'otro@dnp.gov.co'],
  ])('%s', (_label, reached, receivedAt, expected) => {
    expect(queueForNewTicket(reached, at(receivedAt), policy)).toBe(expected);
    expect(replyFromFor(queueForNewTicket(reached, at(receivedAt), policy))).toBe(expected);
  });
});

describe('queueForExistingTicket', () => {
  it.each<[string, string, string, string]>([
    ['a kpt@ ticket joined before the cutover stays', KPT, '2024-01-31T23:59:59-05:00', KPT],
    ['a kpt@ ticket joined at the cutover moves', KPT, '2024-02-01T00:00:00-05:00', PT],
    ['a reply received in January to a ticket already moved stays in planeacion', PT, '2024-01-20T09:00:00-05:00', PT],
    ['a planeacion ticket never moves back', PT, '2024-02-20T09:00:00-05:00', PT],
  ])('%s', (_label, current, receivedAt, expected) => {
    expect(queueForExistingTicket(current, at(receivedAt), policy)).toBe(expected);
  });
});

describe('kptNoticeFor', () => {
  it.each<[string, string[], string, ReturnType<typeof kptNoticeFor>]>([
    ['kpt@ within the question window', [KPT], '2024-01-12T15:59:00-05:00', null],
    ['kpt@ the day after the question window (Bogotá day)', [KPT], '2024-01-13T00:00:00-05:00', 'kpt-report-deadline'],
    ['kpt@ late on the 12th in UTC is still the 12th in Bogotá', [KPT], '2024-01-13T04:59:00Z', null],
    ['kpt@ on the report deadline day', [KPT], '2024-01-31T10:00:00-05:00', 'kpt-report-deadline'],
    ['kpt@ at the cutover', [KPT], '2024-02-01T00:00:00-05:00', 'kpt-retired'],
    ['both mailboxes after the cutover still mention kpt@ is retired', [KPT, PT], '2024-02-02T08:00:00-05:00', 'kpt-retired'],
    ['planeacion@ never gets a kpt notice', [PT], '2024-02-02T08:00:00-05:00', null],
  ])('%s', (_label, reached, receivedAt, expected) => {
    expect(kptNoticeFor(reached, at(receivedAt), policy)).toBe(expected);
  });
});
