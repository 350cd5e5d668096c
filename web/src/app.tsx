import { lazy, Suspense } from 'react';
import { Shell } from './components/Shell';
import { SupervisorsOnly } from './components/SupervisorsOnly';
import { SessionExpiredDialog } from './components/SessionExpiredDialog';
import { AdminPage } from './pages/AdminPage';
import { LoginPage } from './pages/LoginPage';
import { TicketPage } from './pages/TicketPage';
import { WorkspacePage } from './pages/WorkspacePage';
import { useRouter } from './router';
import { useSession } from './session';
import { WorkingTimeProvider } from './working-time';

// Charts (Chart.js) load only when a supervisor opens the reports: the agents' queue stays light.
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((module) => ({ default: module.ReportsPage })));
const ReportTicketsPage = lazy(() => import('./pages/ReportTicketsPage').then((module) => ({ default: module.ReportTicketsPage })));

function NotFound() {
  return (
    <main className="page">
      <h1>Página no encontrada</h1>
      <p>
        La dirección no corresponde a ninguna página. <a href="/">Volver a la cola</a>.
      </p>
    </main>
  );
}

function Routes() {
  const { location } = useRouter();
  const ticket = /^\/tickets\/([A-Za-z0-9-]+)$/.exec(location.path);
  if (location.path === '/' || location.path === '/login') return <WorkspacePage />;
  if (ticket) return <TicketPage reference={ticket[1].toUpperCase()} />;
  if (location.path === '/informes' || location.path === '/informes/tickets') {
    const Page = location.path === '/informes' ? ReportsPage : ReportTicketsPage;
    return (
      <SupervisorsOnly>
        <Suspense fallback={<p role="status">Cargando informes…</p>}>
          <Page />
        </Suspense>
      </SupervisorsOnly>
    );
  }
  const admin = /^\/admin(?:\/([a-z-]+))?$/.exec(location.path);
  if (admin)
    return (
      <SupervisorsOnly>
        <AdminPage section={admin[1] ?? 'cuentas'} />
      </SupervisorsOnly>
    );
  return <NotFound />;
}

export function App() {
  const { user, expired } = useSession();
  if (!user) return <LoginPage />;
  return (
    <WorkingTimeProvider>
      <Shell>
        <Routes />
      </Shell>
      {expired && <SessionExpiredDialog />}
    </WorkingTimeProvider>
  );
}
