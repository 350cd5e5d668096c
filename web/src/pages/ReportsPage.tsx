import { useState, type FormEvent } from 'react';
import type { DrillFilter, ReportCell, ReportColumnKind, ReportName, ReportResult, ReportTable } from '../../../src/reports/report.types';
import { REPORT_GROUPINGS, REPORT_NAMES } from '../../../src/reports/report.types';
import { api } from '../api/client';
import type { AgentView, Category } from '../api/types';
import { ExportButtons } from '../components/ExportButton';
import { ReportChart } from '../components/ReportChart';
import { formatBogotaDateTime, formatIsoDate } from '../format/bogota-date';
import { CATEGORY_LABEL } from '../format/labels';
import { useLoad } from '../hooks';
import { filtersFromSearch, filtersToApiQuery, filtersToSearch, GROUPING_LABELS, REPORT_TITLES } from '../report-filters';
import { Link, useRouter } from '../router';

const MAILBOXES = ['planeacionterritorial@dnp.gov.co', 'kpt@dnp.gov.co'];
const CATEGORIES: Category[] = ['users', 'tech', 'formulation', 'unclassified'];

export function formatCell(value: ReportCell, kind: ReportColumnKind): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') {
    if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value);
    return kind === 'date' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? formatBogotaDateTime(value) : value;
  }
  switch (kind) {
    case 'percent':
      return `${(value * 100).toLocaleString('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
    case 'minutes':
      return value < 60 ? `${Math.round(value)} min` : `${(value / 60).toLocaleString('es-CO', { maximumFractionDigits: 1 })} h`;
    default:
      return value.toLocaleString('es-CO');
  }
}

function drillLink(drill: DrillFilter): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(drill)) if (value !== undefined && value !== '') search.set(key, String(value));
  return `/informes/tickets?${search.toString()}`;
}

function Table({ table }: { table: ReportTable }) {
  return (
    <section className="report-table" aria-labelledby={`table-${table.id}`}>
      <h2 id={`table-${table.id}`}>{table.title}</h2>
      <ReportChart table={table} />
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`Tabla: ${table.title}`}>
        <table>
          <caption className="visually-hidden">{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column.key} scope="col" className={column.kind === 'text' || column.kind === 'date' ? undefined : 'numeric'}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 && (
              <tr>
                <td colSpan={table.columns.length} className="empty">
                  Sin datos en el periodo.
                </td>
              </tr>
            )}
            {table.rows.map((row, index) => (
              <tr key={index}>
                {table.columns.map((column, columnIndex) => {
                  const text = formatCell(row.cells[column.key], column.kind);
                  const drill = row.drill?.[column.key];
                  const Cell = columnIndex === 0 ? 'th' : 'td';
                  return (
                    <Cell key={column.key} scope={columnIndex === 0 ? 'row' : undefined} className={column.kind === 'text' || column.kind === 'date' ? undefined : 'numeric'}>
                      {drill ? <Link to={drillLink(drill)}>{text}</Link> : text}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ReportsPage() {
  const { location, navigate } = useRouter();
  const name = (REPORT_NAMES as readonly string[]).includes(location.search.get('informe') ?? '') ? (location.search.get('informe') as ReportName) : 'compliance';
  const filters = filtersFromSearch(location.search);
  const key = `${name}?${filtersToSearch(filters)}`;
  const report = useLoad<ReportResult>(key, (signal) => api.call<ReportResult>('report', { params: { name }, query: filtersToApiQuery(filters), signal }));
  const agents = useLoad<AgentView[]>('agents', (signal) => api.call<AgentView[]>('agents', { signal }));
  const [draft, setDraft] = useState(filters);
  const [draftKey, setDraftKey] = useState(key);
  if (draftKey !== key) {
    setDraft(filters);
    setDraftKey(key);
  }

  const go = (next: typeof filters, report: ReportName = name) => navigate(`/informes?${filtersToSearch(next, { informe: report })}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(draft);
  };
  const set = (field: keyof typeof filters) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value || undefined });

  return (
    <div className="reports">
      <nav className="sidebar" aria-label="Informes">
        <h2>Informes</h2>
        <ul>
          {REPORT_NAMES.map((entry) => (
            <li key={entry}>
              <Link to={`/informes?${filtersToSearch(filters, { informe: entry })}`} aria-current={entry === name ? 'page' : undefined}>
                {REPORT_TITLES[entry]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="page">
        <h1>{report.data?.title ?? REPORT_TITLES[name]}</h1>
        <form className="filters" onSubmit={submit} aria-label="Filtros del informe">
          <label>
            Desde
            <input type="date" value={draft.from} onChange={set('from')} required />
          </label>
          <label>
            Hasta
            <input type="date" value={draft.to} onChange={set('to')} required />
          </label>
          <label>
            Buzón
            <select value={draft.mailbox ?? ''} onChange={set('mailbox')}>
              <option value="">todos</option>
              {MAILBOXES.map((mailbox) => (
                <option key={mailbox} value={mailbox}>
                  {mailbox}
                </option>
              ))}
            </select>
          </label>
          <label>
            Categoría
            <select value={draft.category ?? ''} onChange={set('category')}>
              <option value="">todas</option>
              {CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {CATEGORY_LABEL[category]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Agente
            <select value={draft.agentId ?? ''} onChange={set('agentId')}>
              <option value="">todos</option>
              {agents.data?.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Departamento (DIVIPOLA)
            <input value={draft.department ?? ''} onChange={set('department')} inputMode="numeric" pattern="\d{2}" placeholder="05" size={4} />
          </label>
          <label>
            Entidad (DIVIPOLA)
            <input value={draft.entity ?? ''} onChange={set('entity')} inputMode="numeric" pattern="\d{2}|\d{5}" placeholder="05001" size={6} />
          </label>
          {name === 'compliance' && (
            <label>
              Agrupar por
              <select value={draft.groupBy ?? 'week'} onChange={set('groupBy')}>
                {REPORT_GROUPINGS.map((grouping) => (
                  <option key={grouping} value={grouping}>
                    {GROUPING_LABELS[grouping]}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="primary">
            Aplicar
          </button>
        </form>
        <ExportButtons request={{ kind: 'report', report: name, filters }} label="Exportar este informe" />
        {report.error && (
          <p className="error" role="alert">
            {report.error}
          </p>
        )}
        {report.loading && !report.data && <p role="status">Calculando…</p>}
        {report.data && (
          <>
            <div className="headline" aria-label="Cifras principales">
              {report.data.headline.map((figure) => (
                <div key={figure.key} className="figure">
                  <span className="figure-label">{figure.label}</span>
                  <span className="figure-value">{figure.drill ? <Link to={drillLink(figure.drill)}>{formatCell(figure.value, figure.kind)}</Link> : formatCell(figure.value, figure.kind)}</span>
                </div>
              ))}
            </div>
            {report.data.tables.map((table) => (
              <Table key={table.id} table={table} />
            ))}
            <p className="meta">Calculado el {formatBogotaDateTime(report.data.generatedAt)}; cada cifra enlaza a los tickets que la forman.</p>
          </>
        )}
      </main>
    </div>
  );
}
