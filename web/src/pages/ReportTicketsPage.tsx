import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Category, TicketStatus } from '../api/types';
import { ExportButtons } from '../components/ExportButton';
import { formatBogotaDateTime } from '../format/bogota-date';
import { CATEGORY_LABEL, STATUS_LABEL, mailboxName } from '../format/labels';
import { filtersToApiQuery } from '../report-filters';
import { Link, useRouter } from '../router';

export interface ReportTicketRow {
  reference: string;
  subject: string;
  status: TicketStatus;
  category: Category;
  queueMailbox: string;
  receivedAt: string;
  firstResponseMet: boolean | null;
  resolutionMet: boolean | null;
  legalMet: boolean | null;
}

interface ReportTicketsPage {
  items: ReportTicketRow[];
  nextCursor: string | null;
}

function outcome(met: boolean | null): string {
  return met === true ? 'cumplido' : met === false ? 'incumplido' : 'en curso';
}

/** The tickets behind one figure of a report (its `drill` filter, as URL parameters). */
export function ReportTicketsPage() {
  const { location } = useRouter();
  const drill = Object.fromEntries(location.search.entries());
  const drillKey = location.search.toString();
  const [items, setItems] = useState<ReportTicketRow[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = (after: string | null) =>
    api
      .call<ReportTicketsPage>('reportTickets', { query: { ...filtersToApiQuery(drill), ...(after ? { cursor: after } : {}) } })
      .then((page) => {
        setItems((current) => (after ? [...(current ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      })
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'No se pudo cargar la lista.'));

  useEffect(() => {
    setItems(null);
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drillKey]);

  return (
    <main className="page">
      <p className="crumbs">
        <Link to={`/informes?${drillKey}`}>Informes</Link> › tickets de la cifra
      </p>
      <h1>Tickets detrás de la cifra</h1>
      <p className="hint">
        Filtro:{' '}
        {Object.entries(drill)
          .map(([key, value]) => `${key} = ${value}`)
          .join(' · ') || 'ninguno'}
      </p>
      <ExportButtons request={{ kind: 'tickets', filters: drill }} label="Exportar estos tickets" />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items === null && !error && <p role="status">Cargando…</p>}
      {items && items.length === 0 && <p className="empty">Ningún ticket.</p>}
      {items && items.length > 0 && (
        <table>
          <caption className="visually-hidden">Tickets detrás de la cifra</caption>
          <thead>
            <tr>
              <th scope="col">Referencia</th>
              <th scope="col">Asunto</th>
              <th scope="col">Categoría</th>
              <th scope="col">Estado</th>
              <th scope="col">Buzón</th>
              <th scope="col">Recibido</th>
              <th scope="col">Primera respuesta</th>
              <th scope="col">Solución</th>
              <th scope="col">Término legal</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.reference}>
                <td className="ref">
                  <Link to={`/tickets/${item.reference}`}>{item.reference}</Link>
                </td>
                <td>{item.subject}</td>
                <td>{CATEGORY_LABEL[item.category] ?? item.category}</td>
                <td>{STATUS_LABEL[item.status] ?? item.status}</td>
                <td>{mailboxName(item.queueMailbox)}</td>
                <td>{formatBogotaDateTime(item.receivedAt)}</td>
                <td>{outcome(item.firstResponseMet)}</td>
                <td>{outcome(item.resolutionMet)}</td>
                <td>{outcome(item.legalMet)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="more" onClick={() => void load(cursor)}>
          Cargar más
        </button>
      )}
    </main>
  );
}
