import { toBogotaIso } from '../common/time/bogota-time';
import { CutoverPolicy, isAfterCutover } from '../cutover/cutover-policy';
import type { MailboxAttendanceView } from './admin.views';

/**
 * Whether the desk reads a mailbox at `now` (DNP circular 0023-4, 2.1: from February
 * 2024 only planeacionterritorial@ is attended). Pure: the clock and the way to write
 * a date for people come in. `enabled` is a separate matter: a disabled mailbox is not polled at all.
 */
export function mailboxAttendance(
  address: string,
  cutover: CutoverPolicy,
  now: Date,
  formatTime: (date: Date) => string,
): MailboxAttendanceView {
  const after = isAfterCutover(now, cutover);
  const when = formatTime(cutover.at);
  if (address === cutover.retiredMailbox) {
    return after
      ? {
          attended: false,
          attendedUntil: toBogotaIso(cutover.at),
          note: `No se atiende desde el ${when}: el correo que llega aquí pasa a la cola de ${cutover.successorMailbox}.`,
        }
      : {
          attended: true,
          attendedUntil: toBogotaIso(cutover.at),
          note: `Se atiende hasta el ${when}; desde entonces su cola pasa a ${cutover.successorMailbox}.`,
        };
  }
  if (address === cutover.successorMailbox) {
    return {
      attended: true,
      attendedUntil: null,
      note: after
        ? `Único buzón atendido; recibe la cola de ${cutover.retiredMailbox} desde el ${when}.`
        : `Se atiende; recibirá la cola de ${cutover.retiredMailbox} el ${when}.`,
    };
  }
  return { attended: true, attendedUntil: null, note: 'Se atiende.' };
}
