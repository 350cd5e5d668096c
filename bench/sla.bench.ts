/**
 * npm run bench:sla — speed of SLA deadline computation on the business
 * calendar (Bogotá, Monday–Friday 08:00–16:00, Colombian holidays), then
 * correctness against the minute-by-minute reference.
 *
 * Receipts are random instants of 2024–2030 (millisecond precision, so nights,
 * weekends and holidays included); each gets either up to 40 business hours
 * (addBusinessMinutes) or up to 15 días hábiles (addBusinessDays).
 * Target: ≥ 500 000 deadlines/s on one core; 0 mismatches with the reference
 * (exit code 1 otherwise).
 */
import { addBusinessDays, addBusinessMinutes, BusinessCalendar } from '../src/calendar/business-calendar';
import { referenceAddBusinessDays, referenceAddBusinessMinutes } from '../src/calendar/business-calendar.reference';
import { buildColombianBusinessCalendar } from '../src/calendar/colombian-holidays';
import { mulberry32 } from '../test/support/seeded-random';

const CASES = 1_000_000;
const CHECKED = 100_000;
const MIN_BENCH_MS = 1500;
const TARGET_PER_SECOND = 500_000;
const FROM = Date.parse('2024-01-01T00:00:00-05:00');
const TO = Date.parse('2031-01-01T00:00:00-05:00');


interface Cases {
  receipts: Float64Array;
  /** > 0: business minutes; < 0: −días hábiles. */
  durations: Int32Array;
}

function makeCases(count: number): Cases {
  const random = mulberry32(0x51a);
  const receipts = new Float64Array(count);
  const durations = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    receipts[i] = FROM + Math.floor(random() * (TO - FROM));
    durations[i] = random() < 0.5 ? 1 + Math.floor(random() * 40 * 60) : -(1 + Math.floor(random() * 15));
  }
  return { receipts, durations };
}

type Deadline = (cal: BusinessCalendar, start: number, amount: number) => number;

function deadline(cal: BusinessCalendar, start: number, duration: number, byMinutes: Deadline, byDays: Deadline): number {
  return duration > 0 ? byMinutes(cal, start, duration) : byDays(cal, start, -duration);
}

/** Runs every case repeatedly for at least MIN_BENCH_MS; returns deadlines per second. */
function measureFast(cal: BusinessCalendar, cases: Cases): { perSecond: number; computed: number; elapsedMs: number; checksum: number } {
  const { receipts, durations } = cases;
  let checksum = 0;
  for (let i = 0; i < receipts.length; i++) checksum += deadline(cal, receipts[i], durations[i], addBusinessMinutes, addBusinessDays) % 7; // warm-up, fills the tables
  let computed = 0;
  const started = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < MIN_BENCH_MS) {
    for (let i = 0; i < receipts.length; i++) checksum += deadline(cal, receipts[i], durations[i], addBusinessMinutes, addBusinessDays) % 7;
    computed += receipts.length;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return { perSecond: (computed / elapsedMs) * 1000, computed, elapsedMs, checksum };
}

const fmt = (value: number): string => Math.round(value).toLocaleString('es-CO');
const local = (ms: number): string => new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19);

function main(): void {
  const cal = buildColombianBusinessCalendar();
  const cases = makeCases(CASES);
  const minuteCases = cases.durations.filter((d) => d > 0).length;
  console.log(`${fmt(CASES)} recepciones al azar 2024–2030: ${fmt(minuteCases)} con hasta 40 horas hábiles, ${fmt(CASES - minuteCases)} con hasta 15 días hábiles\n`);

  const fast = measureFast(cal, cases);
  const verdict = fast.perSecond >= TARGET_PER_SECOND ? 'cumple' : 'NO cumple';
  console.log(`rápida:     ${fmt(fast.perSecond).padStart(12)} plazos/s (${fmt(fast.computed)} en ${fast.elapsedMs.toFixed(0)} ms; objetivo ≥ ${fmt(TARGET_PER_SECOND)}/s: ${verdict})`);

  // The reference reads only the rules, never the tables, so a fresh calendar is not needed.
  const expected = new Float64Array(CHECKED);
  const started = process.hrtime.bigint();
  for (let i = 0; i < CHECKED; i++) {
    expected[i] = deadline(cal, cases.receipts[i], cases.durations[i], referenceAddBusinessMinutes, referenceAddBusinessDays);
  }
  const referenceMs = Number(process.hrtime.bigint() - started) / 1e6;
  const referencePerSecond = (CHECKED / referenceMs) * 1000;
  console.log(`referencia: ${fmt(referencePerSecond).padStart(12)} plazos/s (${fmt(CHECKED)} en ${referenceMs.toFixed(0)} ms, minuto a minuto)`);
  console.log(`razón:      ${(fast.perSecond / referencePerSecond).toFixed(0).padStart(12)} × más rápida\n`);

  let mismatches = 0;
  for (let i = 0; i < CHECKED; i++) {
    const got = deadline(cal, cases.receipts[i], cases.durations[i], addBusinessMinutes, addBusinessDays);
    if (got === expected[i]) continue;
    if (++mismatches <= 10) {
      const d = cases.durations[i];
      console.log(`  diferencia: recibido ${local(cases.receipts[i])} + ${d > 0 ? `${d} min` : `${-d} días`} → rápida ${local(got)}, referencia ${local(expected[i])}`);
    }
  }
  console.log(`comparados con la referencia: ${fmt(CHECKED)}; diferencias: ${mismatches}`);
  if (mismatches > 0) process.exitCode = 1;
}

main();
