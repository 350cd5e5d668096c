import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ReportTable } from '../../../src/reports/report.types';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colour-blind-safe (Okabe–Ito) series colours. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/**
 * A chart of one report table (Chart.js on a canvas). The table under it carries the same
 * figures for screen readers and copying; the canvas only gets a summary label.
 */
export function ReportChart({ table }: { table: ReportTable }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current || !table.chart) return;
    const [xColumn] = table.columns;
    const percent = table.chart.series.every((key) => table.columns.find((column) => column.key === key)?.kind === 'percent');
    const chart = new Chart(canvas.current, {
      type: table.chart.type === 'line' ? 'line' : 'bar',
      data: {
        labels: table.rows.map((row) => String(row.cells[xColumn.key] ?? '—')),
        datasets: table.chart.series.map((key, index) => ({
          label: table.columns.find((column) => column.key === key)?.label ?? key,
          data: table.rows.map((row) => {
            const value = row.cells[key];
            if (typeof value !== 'number') return null;
            return percent ? Math.round(value * 1000) / 10 : value;
          }),
          backgroundColor: PALETTE[index % PALETTE.length],
          borderColor: PALETTE[index % PALETTE.length],
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: table.chart.type === 'stacked-bar' },
          y: { stacked: table.chart.type === 'stacked-bar', beginAtZero: true, ...(percent ? { max: 100, ticks: { callback: (value) => `${value} %` } } : {}) },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [table]);
  if (!table.chart) return null;
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={`Gráfico: ${table.title}. Las cifras están en la tabla siguiente.`} />
    </div>
  );
}
