import { loadAppConfig } from '../config/app-config';
import { businessCalendarFrom } from '../sla/sla-policy';
import { parseDrill } from './report-filters';
import { buildReportTicketsQuery, DrillContext } from './report-tickets.query';

const context: DrillContext = {
  calendar: businessCalendarFrom(loadAppConfig({})),
  cutover: { at: new Date('2024-02-01T00:00:00-05:00'), retiredMailbox: 'kpt@dnp.gov.co' },
  now: new Date('2024-04-03T12:00:00-05:00'),
};

/** Placeholders the SQL uses, in order of first appearance. */
const placeholders = (sql: string) => [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

describe('buildReportTicketsQuery', () => {
  it.each<[string, Record<string, string>]>([
    ['no filter', {}],
    ['a month and an outcome', { from: '2024-03-01', to: '2024-03-31', firstResponseMet: 'false' }],
    ['open tickets now (nothing to compare with now)', { state: 'open' }],
    ['breached, in an age band', { state: 'breached', ageBand: '2-5', asOf: '2024-04-03T17:00:00.000Z' }],
    ['at risk', { state: 'at-risk' }],
    ['the oldest band (no lower bound)', { ageBand: '16+' }],
    ['open at the end of a day, in a department', { openOn: '2024-03-31', department: '05', agentId: 'unassigned' }],
    ['resolved between days', { resolvedFrom: '2024-03-01', resolvedTo: '2024-03-31', timed: 'resolution' }],
    ['a routing cell', { routed: 'true', rule: 'none', routedCategory: 'unclassified', category: 'users', recategorized: 'true' }],
    ['the cutover', { movedAtCutover: 'true', retiredMailFrom: '2024-02-05', retiredMailTo: '2024-02-11', arrivedAfterCutover: 'true' }],
  ])('binds exactly the values it uses: %s', (_label, drill) => {
    const { sql, params } = buildReportTicketsQuery(parseDrill(drill), context, { limit: 50 });
    // An unused placeholder has no type for PostgreSQL ("could not determine data type of parameter").
    expect(placeholders(sql)).toEqual(params.map((_, i) => i + 1));
    expect(sql).toContain('t.merged_into_ticket_id IS NULL');
    expect(sql).toMatch(/LIMIT 51\s*$/);
  });

  it('continues after the cursor, newest first', () => {
    const { sql, params } = buildReportTicketsQuery({}, context, { cursor: { key: '2024-03-01T14:00:00.123456Z', id: '42' }, limit: 10 });
    expect(sql).toContain('(t.received_at, t.id) < ($1::timestamptz, $2::bigint)');
    expect(sql).toContain('ORDER BY t.received_at DESC, t.id DESC');
    expect(params).toEqual(['2024-03-01T14:00:00.123456Z', '42']);
  });

  it('streams every row when no page is asked for (the exports)', () => {
    expect(buildReportTicketsQuery({}, context).sql).not.toContain('LIMIT');
  });
});
