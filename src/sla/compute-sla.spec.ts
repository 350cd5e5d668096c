import { loadAppConfig } from '../config/app-config';
import { computeSla } from './compute-sla';
import { slaPolicyFrom } from './sla-policy';
import { SlaEvent, SlaFacts } from './sla.types';

const policy = slaPolicyFrom(loadAppConfig({}));
const PT = 'planeacionterritorial@dnp.gov.co';
const KPT = 'kpt@dnp.gov.co';
const t = (iso: string) => new Date(iso);
/** Bogotá wall-clock ISO of an instant, to keep expectations readable. */
const bogota = (date: Date | null) => (date ? new Date(date.getTime() - 5 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ') : null);

function sla(facts: Partial<SlaFacts> & { receivedAt: Date }, now = t('2030-01-01T00:00:00Z')) {
  return computeSla({ category: 'users', mailboxAddress: PT, events: [], ...facts }, policy, now);
}

describe('computeSla: the issue example', () => {
  it('a users mail received Friday 2024-03-22 16:45 (Monday 25 a holiday, then Holy Week)', () => {
    const result = sla({ receivedAt: t('2024-03-22T16:45:00-05:00') });
    expect(bogota(result.clockStart)).toBe('2024-03-26 08:00');
    expect(bogota(result.firstResponse.due)).toBe('2024-03-26 12:00');
    expect(bogota(result.resolution.due)).toBe('2024-03-26 16:00');
    expect(bogota(result.legal.due)).toBe('2024-04-18 16:00');
  });
});

describe('computeSla: start and targets by category', () => {
  it.each<[string, string, SlaFacts['category'], string, string, string]>([
    ['within hours, users', '2024-01-16T09:12:00-05:00', 'users', '2024-01-16 13:12', '2024-01-17 09:12', '2024-02-06 16:00'],
    ['exactly 08:00', '2024-01-16T08:00:00-05:00', 'users', '2024-01-16 12:00', '2024-01-16 16:00', '2024-02-06 16:00'],
    ['exactly 16:00 is after hours', '2024-01-16T16:00:00-05:00', 'users', '2024-01-17 12:00', '2024-01-17 16:00', '2024-02-07 16:00'],
    ['Friday after 16:00 starts Monday', '2024-01-19T16:30:00-05:00', 'tech', '2024-01-22 12:00', '2024-01-24 16:00', '2024-02-12 16:00'],
    ['Epiphany Monday 2024-01-08 is a holiday', '2024-01-06T10:00:00-05:00', 'users', '2024-01-09 12:00', '2024-01-09 16:00', '2024-01-30 16:00'],
    ['formulation 8/40 over a weekend', '2024-01-18T12:00:00-05:00', 'formulation', '2024-01-19 12:00', '2024-01-25 12:00', '2024-02-08 16:00'],
    ['unclassified 8/40', '2024-01-18T12:00:00-05:00', 'unclassified', '2024-01-19 12:00', '2024-01-25 12:00', '2024-02-08 16:00'],
    ['2025: 30 June carries two holidays (one day off)', '2025-06-27T15:00:00-05:00', 'users', '2025-07-01 11:00', '2025-07-01 15:00', '2025-07-21 16:00'],
    ['2026: 13 July (Ley 2578 de 2026) and 20 July', '2026-07-10T14:00:00-05:00', 'users', '2026-07-14 10:00', '2026-07-14 14:00', '2026-08-04 16:00'],
    ['a night receipt', '2024-01-16T23:10:00-05:00', 'users', '2024-01-17 12:00', '2024-01-17 16:00', '2024-02-07 16:00'],
  ])('%s', (_label, received, category, firstResponse, resolution, legal) => {
    const result = sla({ receivedAt: t(received), category });
    expect([bogota(result.firstResponse.due), bogota(result.resolution.due), bogota(result.legal.due)]).toEqual([firstResponse, resolution, legal]);
  });
});

describe('computeSla: pauses, answers, extensions, reopening', () => {
  const received = t('2024-01-16T09:00:00-05:00');

  it('a pause across a night and a weekend moves first response and resolution, not the legal term', () => {
    const events: SlaEvent[] = [
      { kind: 'waiting', at: t('2024-01-19T15:00:00-05:00') },
      { kind: 'resumed', at: t('2024-01-22T09:00:00-05:00') },
    ];
    const result = sla({ receivedAt: received, category: 'tech', events });
    // tech resolution 24 h: 16 Jan 09:00 + 24 h = 19 Jan 09:00 without the pause; the pause began after it.
    expect(bogota(result.resolution.due)).toBe('2024-01-19 09:00');
    const late = sla({ receivedAt: received, category: 'formulation', events });
    // 40 h from 16 Jan 09:00: 16 (7) 17 (8) 18 (8) 19 until 15:00 (7) = 30 h; 10 h left from 22 Jan 09:00 → 23 Jan 11:00.
    expect(bogota(late.resolution.due)).toBe('2024-01-23 11:00');
    expect(bogota(late.legal.due)).toBe(bogota(sla({ receivedAt: received, category: 'formulation' }).legal.due));
  });

  it('an open pause leaves the due time unknown and says paused', () => {
    const result = sla({ receivedAt: received, events: [{ kind: 'waiting', at: t('2024-01-16T10:00:00-05:00') }] }, t('2024-01-18T10:00:00-05:00'));
    expect(result.resolution.due).toBeNull();
    expect(result.resolution.paused).toBe(true);
    expect(result.resolution.met).toBeNull();
    expect(result.resolution.marginMinutes).toBe(480 - 60);
    expect(bogota(result.legal.due)).toBe('2024-02-06 16:00');
  });

  it('an incomplete request (art. 17) pauses the legal term too, which ends at closing time of its day', () => {
    const events: SlaEvent[] = [
      { kind: 'incomplete', at: t('2024-01-18T10:00:00-05:00') },
      { kind: 'resumed', at: t('2024-01-23T14:00:00-05:00') },
    ];
    const result = sla({ receivedAt: received, events });
    // Legal: starts 17 Jan 08:00; by 18 Jan 10:00 it ran 1 day 2 h; resumes 23 Jan 14:00 with 13 d 6 h left.
    expect(bogota(result.legal.due)).toBe('2024-02-12 16:00');
  });

  it('an extension adds days, never more than the term itself', () => {
    const extended = sla({ receivedAt: received, events: [{ kind: 'extended', at: t('2024-01-30T10:00:00-05:00'), days: 10, reason: 'consulta a otra entidad' }] });
    expect([extended.legal.termDays, extended.legal.extendedDays, bogota(extended.legal.due)]).toEqual([15, 10, '2024-02-20 16:00']);
    const capped = sla({ receivedAt: received, events: [{ kind: 'extended', at: t('2024-01-30T10:00:00-05:00'), days: 40, reason: 'x' }] });
    expect([capped.legal.extendedDays, bogota(capped.legal.due)]).toEqual([15, '2024-02-27 16:00']);
  });

  it.each<[SlaEvent['kind'] | 'legal-kind', string, string]>([
    ['legal-kind', 'documents', '2024-01-30 16:00'],
    ['legal-kind', 'consultation', '2024-02-27 16:00'],
  ])('marks the request as %s %s', (_kind, legalKind, due) => {
    const result = sla({ receivedAt: received, events: [{ kind: 'legal-kind', at: received, legalKind: legalKind as 'documents' | 'consultation' }] });
    expect(bogota(result.legal.due)).toBe(due);
  });

  it('answered in time: met with the business minutes to spare', () => {
    const result = sla({ receivedAt: received, events: [{ kind: 'answered', at: t('2024-01-16T11:30:00-05:00') }] });
    expect(result.firstResponse).toMatchObject({ met: true, marginMinutes: 90, stoppedAt: t('2024-01-16T11:30:00-05:00') });
    expect(result.resolution.stoppedAt).toBeNull();
  });

  it('answered late across a night: missed by business minutes only', () => {
    const result = sla({ receivedAt: received, events: [{ kind: 'answered', at: t('2024-01-17T09:00:00-05:00') }] });
    // Due 16 Jan 13:00; answered next day 09:00 = 3 h of the 16th + 1 h of the 17th late.
    expect(result.firstResponse).toMatchObject({ met: false, marginMinutes: -240 });
  });

  it('a reopened ticket runs its resolution clock again, not counting the time it was resolved', () => {
    const events: SlaEvent[] = [
      { kind: 'resolved', at: t('2024-01-16T11:00:00-05:00') },
      { kind: 'reopened', at: t('2024-01-17T10:00:00-05:00') },
    ];
    const result = sla({ receivedAt: received, events }, t('2024-01-17T11:00:00-05:00'));
    // 2 h used before resolution, 6 h left from 17 Jan 10:00 → 16:00.
    expect(bogota(result.resolution.due)).toBe('2024-01-17 16:00');
    expect(result.resolution).toMatchObject({ stoppedAt: null, met: null, marginMinutes: 300 });
    // The first resolution answered the legal term and the first response.
    expect(result.legal).toMatchObject({ met: true, stoppedAt: t('2024-01-16T11:00:00-05:00') });
    expect(result.firstResponse.met).toBe(true);
  });

  it('a running clock past its due time is missed already', () => {
    const result = sla({ receivedAt: received }, t('2024-01-16T14:00:00-05:00'));
    expect(result.firstResponse).toMatchObject({ met: false, marginMinutes: -60 });
    expect(result.resolution).toMatchObject({ met: null, marginMinutes: 180 });
  });

  it('warns at 75 % of the target', () => {
    const result = sla({ receivedAt: received });
    expect(bogota(result.firstResponse.warningAt)).toBe('2024-01-16 12:00');
    expect(bogota(result.resolution.warningAt)).toBe('2024-01-16 15:00');
  });
});

describe('computeSla: KPT report deadline', () => {
  it('caps the resolution of KPT mail received before the report deadline', () => {
    const result = sla({ receivedAt: t('2024-01-30T09:00:00-05:00'), category: 'formulation', mailboxAddress: KPT });
    expect(bogota(result.resolution.due)).toBe('2024-01-31 16:00');
    expect(bogota(sla({ receivedAt: t('2024-01-30T09:00:00-05:00'), category: 'formulation' }).resolution.due)).toBe('2024-02-06 09:00');
  });

  it('does not cap KPT mail after the deadline, nor a target that ends earlier', () => {
    expect(bogota(sla({ receivedAt: t('2024-02-02T09:00:00-05:00'), category: 'users', mailboxAddress: KPT }).resolution.due)).toBe('2024-02-05 09:00');
    expect(bogota(sla({ receivedAt: t('2024-01-10T09:00:00-05:00'), category: 'users', mailboxAddress: KPT }).resolution.due)).toBe('2024-01-11 09:00');
  });
});

describe('computeSla: business time the clocks ran (for the reports)', () => {
  // Friday 2024-01-05 15:00; Monday 8 January is Reyes Magos (a holiday).
  const received = t('2024-01-05T15:00:00-05:00');
  const events: SlaEvent[] = [
    { kind: 'answered', at: t('2024-01-09T09:00:00-05:00') },
    { kind: 'waiting', at: t('2024-01-09T09:00:00-05:00') },
    { kind: 'resumed', at: t('2024-01-10T10:00:00-05:00') },
    { kind: 'resolved', at: t('2024-01-10T11:00:00-05:00') },
  ];

  it('counts business minutes to the stop, without the weekend, the holiday or the wait for the entity', () => {
    const result = sla({ receivedAt: received, category: 'tech', events });
    // Friday 15:00–16:00 (60) + Tuesday 08:00–09:00 (60).
    expect(result.firstResponse.elapsedMinutes).toBe(120);
    // The same 120, the pause Tuesday 09:00 → Wednesday 10:00 left out, then Wednesday 10:00–11:00 (60).
    expect(result.resolution.elapsedMinutes).toBe(180);
  });

  it('counts to now while the clock still runs', () => {
    const result = sla({ receivedAt: received, category: 'tech', events: events.slice(0, 3) }, t('2024-01-10T12:30:00-05:00'));
    expect(result.resolution.stoppedAt).toBeNull();
    expect(result.resolution.elapsedMinutes).toBe(120 + 150);
  });
});
