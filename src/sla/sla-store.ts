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
  await manager.query(
    `UPDATE tickets AS t SET (${SLA_STORED_COLUMNS.join(', ')}, sla_computed_at) = (${SLA_STORED_COLUMNS.map((c) => `r.${c}`).join(', ')}, now())
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, ${SLA_STORED_COLUMN_TYPES})
     WHERE t.id = r.id`,
    [JSON.stringify(updates.map((u) => ({ id: u.id, ...slaStoredValues(u.status, u.version) })))],
  );
  return points;
}

/**
 * The ticket columns that hold a computed clock state, with their SQL types: one record
 * shape for the INSERT of a new ticket (its clocks are known before it is stored) and the
 * UPDATE of a recompute, so both write exactly the same thing.
 */
const SLA_STORED_COLUMN_DEFINITIONS = [
  ['sla_clock_start', 'timestamptz'],
  ['sla_version', 'int'],
  ['sla_paused', 'boolean'],
  ['legal_kind', 'text'],
  ['sla_first_response_due', 'timestamptz'],
  ['sla_first_response_met', 'boolean'],
  ['sla_first_response_margin_minutes', 'int'],
  ['sla_resolution_due', 'timestamptz'],
  ['sla_resolution_met', 'boolean'],
  ['sla_resolution_margin_minutes', 'int'],
  ['sla_legal_due', 'timestamptz'],
  ['sla_legal_met', 'boolean'],
  ['sla_legal_margin_minutes', 'int'],
  ['sla_first_response_business_minutes', 'int'],
  ['sla_resolution_business_minutes', 'int'],
  ['sla_resolved_at', 'timestamptz'],
] as const;

type SlaStoredColumn = (typeof SLA_STORED_COLUMN_DEFINITIONS)[number][0];

export const SLA_STORED_COLUMNS: readonly SlaStoredColumn[] = SLA_STORED_COLUMN_DEFINITIONS.map(([name]) => name);
/** For `jsonb_to_recordset(...) AS r(..., ${SLA_STORED_COLUMN_TYPES})`. */
export const SLA_STORED_COLUMN_TYPES = SLA_STORED_COLUMN_DEFINITIONS.map(([name, type]) => `${name} ${type}`).join(', ');

export function slaStoredValues(status: SlaStatus, version: number): Record<SlaStoredColumn, string | number | boolean | null> {
  const due = (state: ClockStatus) => (state.due ? state.due.toISOString() : null);
  return {
    sla_clock_start: status.clockStart.toISOString(),
    sla_version: version,
    sla_paused: status.firstResponse.paused || status.resolution.paused,
    legal_kind: status.legal.legalKind,
    sla_first_response_due: due(status.firstResponse),
    sla_first_response_met: status.firstResponse.met,
    sla_first_response_margin_minutes: status.firstResponse.marginMinutes,
    sla_resolution_due: due(status.resolution),
    sla_resolution_met: status.resolution.met,
    sla_resolution_margin_minutes: status.resolution.marginMinutes,
    sla_legal_due: due(status.legal),
    sla_legal_met: status.legal.met,
    sla_legal_margin_minutes: status.legal.marginMinutes,
    // What the reports measure (business time to first response and to resolution, resolutions
    // per day): only once a clock has stopped, so a running clock is never read as an outcome.
    sla_first_response_business_minutes: stoppedMinutes(status.firstResponse),
    sla_resolution_business_minutes: stoppedMinutes(status.resolution),
    sla_resolved_at: status.resolution.stoppedAt?.toISOString() ?? null,
  };
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

function stoppedMinutes(state: ClockStatus): number | null {
  return state.stoppedAt ? state.elapsedMinutes : null;
}

function sameInstant(stored: Date | null, computed: Date | null): boolean {
  if (stored === null || computed === null) return stored === computed;
  return new Date(stored).getTime() === computed.getTime();
}
