import { EntityManager } from 'typeorm';
import type { RoutingCategory } from '../routing/routing.types';
import { computeSla } from './compute-sla';
import { ClockStatus, SLA_CLOCKS, SlaClock, SlaEvent, SlaPolicy, SlaStatus } from './sla.types';

/** A warning or breach point a BullMQ job must fire at. */
export interface SlaAlertPoint {
  ticketId: string;
  version: number;
  clock: SlaClock;
  point: 'warning' | 'breach';
  at: Date;
  due: Date;
}

interface TicketClockRow {
  id: string;
  received_at: Date;
  category: RoutingCategory;
  mailbox_address: string;
  sla_version: number;
  sla_first_response_due: Date | null;
  sla_resolution_due: Date | null;
  sla_legal_due: Date | null;
}

const COLUMN_OF: Record<SlaClock, string> = { firstResponse: 'first_response', resolution: 'resolution', legal: 'legal' };

/**
 * Recomputes the clocks of these tickets from their stored history, inside the
 * caller's transaction, and stores due/met/margin. The version goes up whenever a
 * due time moves, which retires the alert jobs scheduled for the old times.
 * Returns the alert points to schedule (after commit).
 */
export async function recomputeSla(manager: EntityManager, policy: SlaPolicy, ticketIds: string[], now: Date): Promise<SlaAlertPoint[]> {
  if (ticketIds.length === 0) return [];
  const tickets: TicketClockRow[] = await manager.query(
    `SELECT id, received_at, category, mailbox_address, sla_version, sla_first_response_due, sla_resolution_due, sla_legal_due
     FROM tickets WHERE id = ANY($1::bigint[])`,
    [ticketIds],
  );
  const eventRows: Array<{ ticket_id: string; kind: SlaEvent['kind']; occurred_at: Date; detail: Record<string, unknown> }> = await manager.query(
    `SELECT ticket_id, kind, occurred_at, detail FROM ticket_sla_events WHERE ticket_id = ANY($1::bigint[]) ORDER BY occurred_at, id`,
    [ticketIds],
  );
  const eventsOf = new Map<string, SlaEvent[]>();
  for (const row of eventRows) {
    const list = eventsOf.get(String(row.ticket_id)) ?? [];
    list.push(toSlaEvent(row.kind, new Date(row.occurred_at), row.detail));
    eventsOf.set(String(row.ticket_id), list);
  }
  const updates: Array<{ id: string; version: number; status: SlaStatus }> = [];
  const points: SlaAlertPoint[] = [];
  for (const ticket of tickets) {
    const id = String(ticket.id);
    const status = computeSla(
      { receivedAt: new Date(ticket.received_at), category: ticket.category, mailboxAddress: ticket.mailbox_address, events: eventsOf.get(id) ?? [] },
      policy,
      now,
    );
    const moved =
      ticket.sla_version === 0 ||
      !sameInstant(ticket.sla_first_response_due, status.firstResponse.due) ||
      !sameInstant(ticket.sla_resolution_due, status.resolution.due) ||
      !sameInstant(ticket.sla_legal_due, status.legal.due);
    const version = moved ? ticket.sla_version + 1 : ticket.sla_version;
    updates.push({ id, version, status });
    if (moved) points.push(...alertPoints(id, version, status));
  }
  const column = (clock: SlaClock, field: 'due' | 'met' | 'margin') => updates.map((u) => clockField(u.status[clock], field));
  await manager.query(
    `UPDATE tickets AS t SET
       sla_clock_start = u.clock_start, sla_version = u.version, sla_paused = u.paused, sla_computed_at = now(),
       legal_kind = u.legal_kind,
       sla_first_response_due = u.fr_due, sla_first_response_met = u.fr_met, sla_first_response_margin_minutes = u.fr_margin,
       sla_resolution_due = u.re_due, sla_resolution_met = u.re_met, sla_resolution_margin_minutes = u.re_margin,
       sla_legal_due = u.le_due, sla_legal_met = u.le_met, sla_legal_margin_minutes = u.le_margin,
       sla_first_response_business_minutes = u.fr_minutes, sla_resolution_business_minutes = u.re_minutes, sla_resolved_at = u.resolved_at
     FROM unnest($1::bigint[], $2::timestamptz[], $3::int[], $4::boolean[], $5::text[],
                 $6::timestamptz[], $7::boolean[], $8::int[], $9::timestamptz[], $10::boolean[], $11::int[],
                 $12::timestamptz[], $13::boolean[], $14::int[], $15::int[], $16::int[], $17::timestamptz[])
       AS u(id, clock_start, version, paused, legal_kind, fr_due, fr_met, fr_margin, re_due, re_met, re_margin, le_due, le_met, le_margin,
            fr_minutes, re_minutes, resolved_at)
     WHERE t.id = u.id`,
    [
      updates.map((u) => u.id),
      updates.map((u) => u.status.clockStart.toISOString()),
      updates.map((u) => u.version),
      updates.map((u) => u.status.firstResponse.paused || u.status.resolution.paused),
      updates.map((u) => u.status.legal.legalKind),
      column('firstResponse', 'due'),
      column('firstResponse', 'met'),
      column('firstResponse', 'margin'),
      column('resolution', 'due'),
      column('resolution', 'met'),
      column('resolution', 'margin'),
      column('legal', 'due'),
      column('legal', 'met'),
      column('legal', 'margin'),
      // What the reports measure (business time to first response and to resolution, resolutions
      // per day): only once a clock has stopped, so a running clock is never read as an outcome.
      updates.map((u) => stoppedMinutes(u.status.firstResponse)),
      updates.map((u) => stoppedMinutes(u.status.resolution)),
      updates.map((u) => u.status.resolution.stoppedAt?.toISOString() ?? null),
    ],
  );
  return points;
}

/** Warning and breach points of the clocks still running (a paused clock has none until it resumes). */
export function alertPoints(ticketId: string, version: number, status: SlaStatus): SlaAlertPoint[] {
  const points: SlaAlertPoint[] = [];
  for (const clock of SLA_CLOCKS) {
    const state = status[clock];
    if (state.stoppedAt || !state.due) continue;
    if (state.warningAt) points.push({ ticketId, version, clock, point: 'warning', at: state.warningAt, due: state.due });
    points.push({ ticketId, version, clock, point: 'breach', at: state.due, due: state.due });
  }
  return points;
}

export function toSlaEvent(kind: SlaEvent['kind'], at: Date, detail: Record<string, unknown>): SlaEvent {
  if (kind === 'extended') return { kind, at, days: Number(detail.days), reason: String(detail.reason ?? '') };
  if (kind === 'legal-kind') return { kind, at, legalKind: detail.legalKind as 'petition' | 'documents' | 'consultation' };
  return { kind, at };
}

export function slaColumnPrefix(clock: SlaClock): string {
  return `sla_${COLUMN_OF[clock]}`;
}

function clockField(state: ClockStatus, field: 'due' | 'met' | 'margin'): string | boolean | number | null {
  if (field === 'due') return state.due ? state.due.toISOString() : null;
  if (field === 'met') return state.met;
  return state.marginMinutes;
}

function stoppedMinutes(state: ClockStatus): number | null {
  return state.stoppedAt ? state.elapsedMinutes : null;
}

function sameInstant(stored: Date | null, computed: Date | null): boolean {
  if (stored === null || computed === null) return stored === computed;
  return new Date(stored).getTime() === computed.getTime();
}
