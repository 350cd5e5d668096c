import { forwardRef, useEffect, useId, useState } from 'react';
import { api } from '../api/client';
import type { SearchResults } from '../api/types';
import { formatBogotaDate } from '../format/bogota-date';
import { STATUS_LABEL } from '../format/labels';
import { useRouter } from '../router';

const DEBOUNCE_MS = 200;

/** Results as you type (debounced); the server's snippets carry <mark> around matches and nothing else. */
export const SearchBox = forwardRef<HTMLInputElement>(function SearchBox(_, ref) {
  const { navigate } = useRouter();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const text = query.trim();
    if (text.length < 2) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .call<SearchResults>('search', { query: { q: text }, signal: controller.signal })
        .then((found) => {
          setResults(found);
          setError(null);
          setActive(0);
          setOpen(true);
        })
        .catch((failure: unknown) => {
          if (!controller.signal.aborted) setError(failure instanceof Error ? failure.message : 'La búsqueda falló.');
        });
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const items = results?.items ?? [];
  const go = (reference: string) => {
    setOpen(false);
    setQuery('');
    // Leave the field, so the ticket page's single-key shortcuts work at once.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    navigate(`/tickets/${reference}`);
  };

  return (
    <div className="search" role="search">
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        Buscar tickets
      </label>
      <input
        id={`${listId}-input`}
        ref={ref}
        type="search"
        placeholder="Buscar: referencia, correo, texto…  ( / )"
        value={query}
        autoComplete="off"
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={`${listId}-list`}
        aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
        onChange={(event) => setQuery(event.target.value)}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, items.length - 1));
          else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
          else if (event.key === 'Enter' && items[active]) go(items[active].reference);
          else if (event.key === 'Escape') {
            setOpen(false);
            (event.target as HTMLInputElement).blur();
          } else return;
          event.preventDefault();
        }}
      />
      {open && query.trim().length >= 2 && (results || error) && (
        <div className="search-results">
          {error && <p className="error">{error}</p>}
          {results && items.length === 0 && <p className="empty">Nada coincide con «{query.trim()}».</p>}
          <ul id={`${listId}-list`} role="listbox" aria-label="Resultados de la búsqueda">
            {items.map((hit, index) => (
              <li
                key={hit.reference}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  go(hit.reference);
                }}
              >
                <span className="ref">{hit.reference}</span> <strong>{hit.subject}</strong>
                <span className="meta">
                  {hit.requester.name ?? hit.requester.address ?? 'remitente desconocido'}
                  {hit.entityName ? ` · ${hit.entityName}` : ''} · {STATUS_LABEL[hit.status]} · {formatBogotaDate(hit.receivedAt)}
                </span>
                {/* Safe by contract: escaped text plus <mark>; see SearchHitView.snippet. */}
                <span className="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
});
