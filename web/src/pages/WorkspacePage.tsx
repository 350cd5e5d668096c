import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import type { TicketCounts, TicketListItem, TicketListPage } from '../api/types';
import { SlaBadge } from '../components/SlaBadge';
import { formatBogotaDateTime } from '../format/bogota-date';
import { CATEGORY_LABEL, STATUS_LABEL } from '../format/labels';
import { useLoad, useNow, useTicketChanges } from '../hooks';
import { findQueueView, queueViews } from '../queue-views';
import { takePrefetchedQueue } from '../prefetch';
import { Link, useRouter } from '../router';
import { useShortcut } from '../shortcuts';

const PAGE_SIZE = 50;

export function WorkspacePage() {
  const { location, navigate } = useRouter();
  const now = useNow();
  const counts = useLoad<TicketCounts>('counts', (signal) => api.call<TicketCounts>('ticketCounts', { signal }));
  const views = useMemo(() => queueViews(counts.data), [counts.data]);
  const view = findQueueView(views, location.search.get('vista'));
  const filterKey = JSON.stringify(view.filter);
  const [items, setItems] = useState<TicketListItem[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const generation = useRef(0);

  // Refetches the first page (and as many rows as are shown, up to 100) so live updates keep the agent's place.
  const refresh = useCallback(
    (keep = PAGE_SIZE) => {
      const mine = ++generation.current;
      const query = { ...JSON.parse(filterKey), limit: Math.min(100, Math.max(PAGE_SIZE, keep)) };
      (takePrefetchedQueue(query) ?? api.call<TicketListPage>('listTickets', { query }))
        .then((page) => {
          if (mine !== generation.current) return;
          setItems(page.items);
          setNextCursor(page.nextCursor);
          setError(null);
        })
        .catch((failure: unknown) => {
          if (mine === generation.current) setError(failure instanceof Error ? failure.message : 'No se pudo cargar la lista.');
        });
    },
    [filterKey],
  );

  useEffect(() => {
    setItems(null);
    setSelected(0);
    refresh();
  }, [refresh]);

  const shown = items?.length ?? 0;
  useTicketChanges(undefined, () => {
    refresh(shown);
    counts.reload();
  });

  const loadMore = () => {
    if (!nextCursor) return;
    api.call<TicketListPage>('listTickets', { query: { ...view.filter, cursor: nextCursor, limit: PAGE_SIZE } }).then((page) => {
      setItems((current) => [...(current ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
    });
  };

  const open = (item: TicketListItem | undefined) => item && navigate(`/tickets/${item.reference}`);
  useShortcut('j', () => setSelected((index) => Math.min(index + 1, shown - 1)));
  useShortcut('k', () => setSelected((index) => Math.max(index - 1, 0)));
  useShortcut('Enter', () => open(items?.[selected]));
  useShortcut('n', () => open(items?.[0]));

  useEffect(() => {
    document.querySelector<HTMLElement>(`[data-row="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const groups: Array<[string, string]> = [
    ['trabajo', 'Colas'],
    ['buzón', 'Por buzón'],
    ['categoría', 'Por categoría'],
  ];

  return (
    <div className="workspace">
      <nav className="sidebar" aria-label="Colas de tickets">
        {groups.map(([group, title]) => (
          <section key={group}>
            <h2>{title}</h2>
            <ul>
              {views
                .filter((entry) => entry.group === group)
                .map((entry) => (
                  <li key={entry.id}>
                    <Link to={entry.id === 'abiertos' ? '/' : `/?vista=${encodeURIComponent(entry.id)}`} aria-current={entry.id === view.id ? 'page' : undefined}>
                      <span>{entry.label}</span>
                      {entry.count !== null && <span className="count">{entry.count}</span>}
                    </Link>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </nav>
      <main className="queue" aria-labelledby="queue-title">
        <div className="queue-head">
          <h1 id="queue-title">{view.label}</h1>
          <p className="hint">Ordenados por vencimiento. Se actualizan solos cuando llega correo.</p>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {items === null && !error && <p role="status">Cargando tickets…</p>}
        {items?.length === 0 && <p className="empty">No hay tickets en esta cola.</p>}
        {items && items.length > 0 && (
          <table className="tickets" aria-label={`Tickets: ${view.label}`}>
            <thead>
              <tr>
                <th scope="col">Referencia</th>
                <th scope="col">Asunto</th>
                <th scope="col">Entidad</th>
                <th scope="col">Categoría</th>
                <th scope="col">Estado</th>
                <th scope="col">Asignado a</th>
                <th scope="col">ANS</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => (
                <tr key={item.reference} data-row={index} className={index === selected ? 'selected' : undefined} onClick={() => setSelected(index)}>
                  <td className="ref">
                    <Link to={`/tickets/${item.reference}`}>{item.reference}</Link>
                  </td>
                  <td className="subject">
                    <Link to={`/tickets/${item.reference}`} tabIndex={-1}>
                      {item.subject || '(sin asunto)'}
                    </Link>
                    <span className="meta">
                      {item.requester.name ?? item.requester.address ?? 'remitente desconocido'} · {formatBogotaDateTime(item.receivedAt)}
                      {item.hasAttachments ? ' · con adjuntos' : ''}
                    </span>
                  </td>
                  <td>{item.entity?.name ?? <span className="muted">—</span>}</td>
                  <td>{CATEGORY_LABEL[item.category]}</td>
                  <td>
                    <span className={`status status-${item.status}`}>{STATUS_LABEL[item.status]}</span>
                  </td>
                  <td>{item.assignee?.name ?? <span className="muted">sin asignar</span>}</td>
                  <td>
                    <SlaBadge state={item.sla} dueAt={item.nextDue?.at ?? null} clock={item.nextDue?.clock} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {nextCursor && (
          <button type="button" className="more" onClick={loadMore}>
            Cargar más
          </button>
        )}
      </main>
    </div>
  );
}
