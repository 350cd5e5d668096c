import { toBogotaIso } from '../common/time/bogota-time';
import type { ClockStatus, LegalKind, SlaStatus } from './sla.types';

/** One clock as agents read it: instants in Bogotá time. */
export interface ClockView {
  due: string | null;
  warningAt: string | null;
  stoppedAt: string | null;
  met: boolean | null;
  marginMinutes: number;
  paused: boolean;
  targetMinutes: number;
}

/** The three clocks of a computed SLA status, as the SLA view and the ticket detail both show them. */
export interface SlaClocks {
  clockStart: string;
  firstResponse: ClockView;
  resolution: ClockView;
  legal: ClockView & { legalKind: LegalKind; termDays: number; extendedDays: number };
}

function toClockView(clock: ClockStatus): ClockView {
  return {
    due: clock.due ? toBogotaIso(clock.due) : null,
    warningAt: clock.warningAt ? toBogotaIso(clock.warningAt) : null,
    stoppedAt: clock.stoppedAt ? toBogotaIso(clock.stoppedAt) : null,
    met: clock.met,
    marginMinutes: clock.marginMinutes,
    paused: clock.paused,
    targetMinutes: clock.targetMinutes,
  };
}

export function toSlaClocks(status: SlaStatus): SlaClocks {
  return {
    clockStart: toBogotaIso(status.clockStart),
    firstResponse: toClockView(status.firstResponse),
    resolution: toClockView(status.resolution),
    legal: { ...toClockView(status.legal), legalKind: status.legal.legalKind, termDays: status.legal.termDays, extendedDays: status.legal.extendedDays },
  };
}
