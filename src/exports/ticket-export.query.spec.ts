import { buildTicketExportQuery, classifyTicketFilters, ExportSqlParams, listConditions, parseTicketExportFilter, parseTicketSelection, ticketExportCells } from './ticket-export.query';

const NOW = new Date('2024-03-01T15:00:00Z');
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('ticket export filters', () => {
  it.each<[string, Record<string, unknown>, 'list' | 'drill' | 'mixed']>([
    ['the list query', { queue: 'kpt@dnp.gov.co', status: 'new,open' }, 'list'],
    ['nothing at all is the list (its open tickets)', {}, 'list'],
    ['only shared dimensions is the list', { category: 'users', entity: '05001' }, 'list'],
    ['a period makes a drill', { from: '2024-01-01', to: '2024-01-31', category: 'users' }, 'drill'],
    ['a backlog figure without a period is a drill', { state: 'breached', asOf: '2024-01-22T13:00:00.000Z' }, 'drill'],
    ['a volume figure without a period is a drill', { openOn: '2024-01-14' }, 'drill'],
    ['both kinds at once', { from: '2024-01-01', status: 'open' }, 'mixed'],
    ['empty values do not count', { from: '', status: 'open' }, 'list'],
  ])('%s', (_name, filters, expected) => {
    expect(classifyTicketFilters(filters)).toBe(expected);
  });

  it('reads the list filter with its meaning: open statuses by default, days as whole Bogotá days, me as the requester', () => {
    expect(parseTicketExportFilter({ category: 'tech', assignee: 'me', receivedFrom: '2024-01-15', receivedTo: '2024-01-21', hasAttachments: 'true' }, '7')).toEqual({
      ok: true,
      filter: {
        category: 'tech',
        assignee: '7',
        statuses: ['new', 'open', 'waiting'],
        receivedFrom: new Date('2024-01-15T05:00:00Z'),
        receivedBefore: new Date('2024-01-22T05:00:00Z'),
        hasAttachments: true,
      },
    });
    expect(parseTicketExportFilter({ sla: 'met' }, '7')).toEqual({ ok: true, filter: { sla: 'met' } });
    expect(parseTicketExportFilter({ status: ['resolved', 'closed', 'resolved'] }, '7')).toEqual({ ok: true, filter: { statuses: ['resolved', 'closed'] } });
    expect(parseTicketExportFilter({ queue: 'KPT@DNP.GOV.CO' }, '7')).toMatchObject({ ok: true, filter: { queueMailbox: 'kpt@dnp.gov.co' } });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown key (never silently dropped)', { categoria: 'users' }, /filtros no reconocidos: categoria/],
    ['a bad status', { status: 'abierto' }, /status debe ser/],
    ['a bad category', { category: 'otros' }, /category debe ser/],
    ['a bad assignee', { assignee: 'juan' }, /assignee debe ser/],
    ['a bad entity', { entity: '5001' }, /entity debe ser/],
    ['a bad date', { receivedFrom: '2024-02-30' }, /receivedFrom debe ser/],
    ['an empty range', { receivedFrom: '2024-02-02', receivedTo: '2024-02-01' }, /anterior/],
    ['an object value', { category: { $ne: 1 } }, /category debe ser un texto/],
  ])('refuses %s', (_name, filters, message) => {
    const parsed = parseTicketExportFilter(filters, '7');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problems.join('; ')).toMatch(message);
  });

  it('hands a drill to the reports as text, and refuses mixing it with list keys', () => {
    expect(parseTicketSelection({ from: '2024-01-01', to: '2024-01-31', firstResponseMet: false }, '7')).toEqual({
      ok: true,
      selection: { source: 'drill', drill: { from: '2024-01-01', to: '2024-01-31', firstResponseMet: 'false' } },
    });
    expect(parseTicketSelection({ from: '2024-01-01', status: 'open' }, '7')).toMatchObject({ ok: false });
    expect(parseTicketSelection([], '7')).toMatchObject({ ok: false });
  });
});

describe('ticket export SQL', () => {
  it('binds every value and inlines only the validated status names', () => {
    const params = new ExportSqlParams();
    const conditions = listConditions({ statuses: ['new', 'open'], queueMailbox: "x'; DROP TABLE tickets; --@a.co", assignee: 'unassigned', departmentCode: '05' }, params, NOW);
    const query = buildTicketExportQuery(conditions, params);
    expect(squash(query.sql)).toContain("WHERE t.status IN ('new', 'open') AND t.queue_mailbox = $1 AND t.assignee_user_id IS NULL AND t.entity_department_code = $2 ORDER BY t.received_at, t.id");
    expect(query.params).toEqual(["x'; DROP TABLE tickets; --@a.co", '05']);
    expect(squash(query.countSql)).toBe("SELECT count(*)::float8 AS total FROM tickets t WHERE t.status IN ('new', 'open') AND t.queue_mailbox = $1 AND t.assignee_user_id IS NULL AND t.entity_department_code = $2");
  });

  it('reads the SLA state at the given instant, as the list does', () => {
    const params = new ExportSqlParams();
    const query = buildTicketExportQuery(listConditions({ sla: 'breached' }, params, NOW), params);
    expect(squash(query.sql)).toContain("t.status IN ('new', 'open', 'waiting') AND COALESCE(t.sla_next_due, 'infinity'::timestamptz) <= $1::timestamptz");
    expect(query.params).toEqual([NOW.toISOString()]);
  });

  it('exports every ticket when there is no condition', () => {
    const params = new ExportSqlParams();
    expect(squash(buildTicketExportQuery([], params).countSql)).toBe('SELECT count(*)::float8 AS total FROM tickets t');
  });

  it('labels a row in Spanish and keeps empty what is unknown', () => {
    const wall = Date.UTC(2024, 0, 16, 9, 12);
    expect(ticketExportCells(['MDA-2024-000001', 'Asunto', 'waiting', 'formulation', 'kpt@dnp.gov.co', null, null, null, null, wall, null, null, wall, true, wall, false])).toEqual([
      'MDA-2024-000001',
      'Asunto',
      'Esperando respuesta de la entidad',
      'Formulación y seguimiento',
      'kpt@dnp.gov.co',
      null,
      null,
      null,
      null,
      wall,
      null,
      null,
      wall,
      'Sí',
      wall,
      'No',
    ]);
  });
});
