import type { ReactNode } from 'react';
import { Link } from '../router';
import { useSession } from '../session';

/** Supervisors' and admins' pages (reports, administration); the API refuses agents anyway, this says so in words. */
export function SupervisorsOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (user?.role === 'supervisor' || user?.role === 'admin') return <>{children}</>;
  return (
    <main className="page">
      <h1>Sin acceso</h1>
      <p className="error" role="alert">
        Esta sección es solo para supervisores y administradores.
      </p>
      <Link to="/">Volver a la cola</Link>
    </main>
  );
}
