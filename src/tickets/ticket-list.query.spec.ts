import { buildCountsQuery, buildTicketListQuery, decodeCursor, encodeCursor, slaStateOf, TicketListFilter } from './ticket-list.query';

const NOW = new Date('2024-03-01T15:00:00Z');
const base: TicketListFilter = { sort: 'due', limit: 50 };
const squash = (sql: string) => sql.replace(/\s+/g, ' ');

describe('buildTicketListQuery', () => {
  it('lists the open tickets next due first by default, fetching one row more to know if a page follows', () => {
    const { sql, params } = buildTicketListQuery(base, NOW);
    expect(squash(sql)).toContain(`WHERE t.status IN ('new', 'open', 'waiting')`);
    expect(squash(sql)).toContain(`ORDER BY COALESCE(t.sla_next_due, 'infinity'::timestamptz) ASC, t.id ASC LIMIT 51`);
    // The request's instant, for the SLA state each row is labelled with.
    expect(params).toEqual([NOW.toISOString()]);
  });

  it('writes out only validated names and the page size, so the prepared statement keeps one plan', () => {
    const { sql, params } = buildTicketListQuery({ ...base, category: 'tech', statuses: ['open'], limit: 20 }, NOW);
    expect(squash(sql)).toContain(`t.status IN ('open') AND t.category = 'tech'`);
    expect(squash(sql)).toMatch(/LIMIT 21$/);
    expect(params).toEqual([NOW.toISOString()]);
    expect(() => buildTicketListQuery({ ...base, category: `tech' OR '1'='1` as never }, NOW)).toThrow(RangeError);
    expect(() => buildTicketListQuery({ ...base, limit: 1.5 }, NOW)).toThrow(RangeError);
    expect(() => buildTicketListQuery({ ...base, limit: '1; DROP TABLE tickets' as never }, NOW)).toThrow(RangeError);
  });

  it('binds every user value as a parameter and never uses OFFSET', () => {
    const hostile = `x'); DROP TABLE tickets; --`;
    const { sql, params } = buildTicketListQuery(
      { ...base, queueMailbox: hostile, entityCode: hostile, departmentCode: hostile, assignee: hostile, category: 'tech' },
      NOW,
    );
    expect(sql).not.toContain('DROP TABLE');
    expect(sql).not.toMatch(/offset/i);
    expect(params).toEqual([hostile, hostile, hostile, hostile, NOW.toISOString()]);
  });

  it('narrows by each filter', () => {
    const { sql, params } = buildTicketListQuery(
      {
        ...base,
        queueMailbox: 'kpt@dnp.gov.co',
        statuses: ['waiting'],
        assignee: 'unassigned',
        receivedFrom: new Date('2024-01-01T05:00:00Z'),
        receivedBefore: new Date('2024-02-01T05:00:00Z'),
        hasAttachments: true,
      },
      NOW,
    );
    const flat = squash(sql);
    expect(flat).toContain(`t.status IN ('waiting')`);
    expect(flat).toContain('t.queue_mailbox = $1');
    expect(flat).toContain('t.assignee_user_id IS NULL');
    expect(flat).toContain('t.received_at >= $2::timestamptz');
    expect(flat).toContain('t.received_at < $3::timestamptz');
    expect(flat).toMatch(/AND EXISTS \( SELECT 1 FROM articles ar JOIN article_attachments aa/);
    expect(params).toEqual(['kpt@dnp.gov.co', '2024-01-01T05:00:00.000Z', '2024-02-01T05:00:00.000Z', NOW.toISOString()]);
    expect(squash(buildTicketListQuery({ ...base, hasAttachments: false }, NOW).sql)).toMatch(/AND NOT EXISTS \( SELECT 1 FROM articles ar/);
  });

  it('maps SLA states to the conditions the list labels them with', () => {
    const breached = squash(buildTicketListQuery({ ...base, sla: 'breached' }, NOW).sql);
    expect(breached).toContain(`COALESCE(t.sla_next_due, 'infinity'::timestamptz) <= $1::timestamptz`);
    const warning = squash(buildTicketListQuery({ ...base, sla: 'warning' }, NOW).sql);
    expect(warning).toContain(`NOT t.sla_paused`);
    expect(warning).toContain(`sa.point = 'warning'`);
    const onTime = squash(buildTicketListQuery({ ...base, sla: 'on-time' }, NOW).sql);
    expect(onTime).toContain('AND NOT EXISTS ( SELECT 1 FROM sla_alerts sa');
    // met means resolved or closed, so the open-only default does not apply.
    const met = squash(buildTicketListQuery({ ...base, sla: 'met' }, NOW).sql);
    expect(met).toContain(`WHERE t.status IN ('resolved', 'closed')`);
    expect(met).not.toContain(`'new', 'open', 'waiting'`);
  });

  it('continues after the cursor in the direction of the sort', () => {
    const due = buildTicketListQuery({ ...base, after: { sort: 'due', key: 'infinity', id: '42' } }, NOW);
    expect(squash(due.sql)).toContain(`(COALESCE(t.sla_next_due, 'infinity'::timestamptz), t.id) > ($1::timestamptz, $2::bigint)`);
    expect(due.params).toEqual(['infinity', '42', NOW.toISOString()]);
    const newest = buildTicketListQuery({ ...base, sort: 'newest', after: { sort: 'newest', key: '2024-01-16T14:12:00.000001Z', id: '7' } }, NOW);
    expect(squash(newest.sql)).toContain('(t.received_at, t.id) < ($1::timestamptz, $2::bigint)');
    expect(squash(newest.sql)).toContain('ORDER BY t.received_at DESC, t.id DESC');
    const oldest = buildTicketListQuery({ ...base, sort: 'oldest', after: { sort: 'oldest', key: '2024-01-16T14:12:00.000001Z', id: '7' } }, NOW);
    expect(squash(oldest.sql)).toContain('(t.received_at, t.id) > ($1::timestamptz, $2::bigint)');
    expect(() => buildTicketListQuery({ ...base, sort: 'oldest', after: { sort: 'due', key: 'infinity', id: '1' } }, NOW)).toThrow(RangeError);
  });
});

describe('cursor codec', () => {
  it('round-trips a cursor as opaque base64url', () => {
    const cursor = { sort: 'due' as const, key: '2024-01-16T14:12:00.123456Z', id: '9007199254740993' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, 'due')).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ sort: 'due', key: 'infinity', id: '3' }), 'due')).toEqual({ sort: 'due', key: 'infinity', id: '3' });
  });

  it('refuses tampered, foreign or malformed cursors', () => {
    const valid = encodeCursor({ sort: 'newest', key: '2024-01-16T14:12:00.000000Z', id: '5' });
    expect(decodeCursor(valid, 'due')).toBeNull();
    expect(decodeCursor(`${valid}=`, 'newest')).toBeNull();
    expect(decodeCursor('no es base64', 'due')).toBeNull();
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'), 'due')).toBeNull();
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeCursor(forge({ s: 'due', k: "2024-01-01'; --", i: '1' }), 'due')).toBeNull();
    expect(decodeCursor(forge({ s: 'due', k: 'infinity', i: '1 OR 1=1' }), 'due')).toBeNull();
    expect(decodeCursor(forge({ s: 'newest', k: 'infinity', i: '1' }), 'newest')).toBeNull();
    expect(decodeCursor(forge({ s: 'due', k: 'infinity', i: 1 }), 'due')).toBeNull();
  });
});

describe('slaStateOf', () => {
  const open = { status: 'open' as const, nextDue: new Date('2024-03-02T15:00:00Z'), paused: false, warned: false };

  it('labels each state', () => {
    expect(slaStateOf(open, NOW)).toBe('on-time');
    expect(slaStateOf({ ...open, warned: true }, NOW)).toBe('warning');
    expect(slaStateOf({ ...open, nextDue: NOW }, NOW)).toBe('breached');
    expect(slaStateOf({ ...open, paused: true, nextDue: null }, NOW)).toBe('paused');
    expect(slaStateOf({ ...open, status: 'resolved', nextDue: null }, NOW)).toBe('met');
  });

  it('says breached when a running clock is overdue even while another is paused', () => {
    expect(slaStateOf({ ...open, paused: true, warned: true, nextDue: new Date('2024-03-01T14:59:00Z') }, NOW)).toBe('breached');
  });
});

describe('buildCountsQuery', () => {
  it('counts only open tickets in one grouped query', () => {
    const { sql, params } = buildCountsQuery(NOW);
    expect(squash(sql)).toContain(`WHERE t.status IN ('new', 'open', 'waiting') GROUP BY t.queue_mailbox, t.status`);
    expect(params).toEqual([NOW.toISOString()]);
  });
});
