import type { CutoverPolicy } from '../cutover/cutover-policy';
import { mailboxAttendance } from './mailbox-attendance';

const KPT = 'kpt@dnp.gov.co';
const PT = 'planeacionterritorial@dnp.gov.co';
const cutover: CutoverPolicy = { at: new Date('2024-02-01T00:00:00-05:00'), retiredMailbox: KPT, successorMailbox: PT, kptQuestionsUntil: '2024-01-12', kptReportDeadline: '2024-01-31' };
const people = (date: Date) => `«${date.toISOString()}»`;

describe('mailboxAttendance', () => {
  it.each<[string, string, string, boolean, string | null, string]>([
    ['kpt@ one second before the cutover is attended', KPT, '2024-01-31T23:59:59-05:00', true, '2024-02-01T00:00:00-05:00', 'Se atiende hasta'],
    ['kpt@ at the cutover instant is not', KPT, '2024-02-01T00:00:00-05:00', false, '2024-02-01T00:00:00-05:00', 'No se atiende desde'],
    ['kpt@ months later is not', KPT, '2024-06-01T10:00:00-05:00', false, '2024-02-01T00:00:00-05:00', `pasa a la cola de ${PT}`],
    ['planeacion@ before the cutover is attended', PT, '2024-01-10T10:00:00-05:00', true, null, `recibirá la cola de ${KPT}`],
    ['planeacion@ after the cutover is the only one', PT, '2024-02-10T10:00:00-05:00', true, null, 'Único buzón atendido'],
    ['another mailbox is attended', 'otro@dnp.gov.co', '2024-02-10T10:00:00-05:00', true, null, 'Se atiende.'],
  ])('%s', (_label, address, now, attended, until, note) => {
    const view = mailboxAttendance(address, cutover, new Date(now), people);
    expect(view).toMatchObject({ attended, attendedUntil: until });
    expect(view.note).toContain(note);
  });

  it('writes the cutover instant for people in the note', () => {
    expect(mailboxAttendance(KPT, cutover, new Date('2024-03-01T00:00:00Z'), people).note).toContain('«2024-02-01T05:00:00.000Z»');
  });
});
