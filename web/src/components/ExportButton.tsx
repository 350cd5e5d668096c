import { useEffect, useState } from 'react';
import { api } from '../api/client';

export interface ExportView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  rowsWritten?: number;
  error?: string | null;
}

/**
 * Asks for an export (a BullMQ job on the server) and follows its progress until the file
 * can be downloaded. `request` is the body of POST /api/exports without the format.
 */
export function ExportButtons({ request, label }: { request: Record<string, unknown>; label: string }) {
  const [current, setCurrent] = useState<ExportView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!current || current.status === 'done' || current.status === 'failed') return;
    const timer = window.setTimeout(() => {
      api
        .call<ExportView>('exportStatus', { params: { id: current.id } })
        .then(setCurrent)
        .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'No se pudo consultar la exportación.'));
    }, 800);
    return () => window.clearTimeout(timer);
  }, [current]);

  const start = async (format: 'csv' | 'xlsx') => {
    setError(null);
    try {
      setCurrent(await api.call<ExportView>('createExport', { body: { ...request, format } }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'No se pudo iniciar la exportación.');
    }
  };

  const busy = current !== null && (current.status === 'queued' || current.status === 'running');
  return (
    <div className="export" aria-live="polite">
      <span>{label}:</span>
      <button type="button" onClick={() => void start('xlsx')} disabled={busy}>
        Excel (XLSX)
      </button>
      <button type="button" onClick={() => void start('csv')} disabled={busy}>
        CSV
      </button>
      {busy && (
        <span>
          Preparando… <progress max={100} value={Math.round((current?.progress ?? 0) * 100)} aria-label="Progreso de la exportación" /> {Math.round((current?.progress ?? 0) * 100)} %
        </span>
      )}
      {current?.status === 'done' && <a href={`/api/exports/${encodeURIComponent(current.id)}/file`}>Descargar el archivo</a>}
      {current?.status === 'failed' && <span className="error">La exportación falló{current.error ? `: ${current.error}` : ''}.</span>}
      {error && <span className="error">{error}</span>}
    </div>
  );
}
