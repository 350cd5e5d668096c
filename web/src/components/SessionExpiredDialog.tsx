import { useSession } from '../session';
import { LoginForm } from './LoginForm';

/** Shown over the page when the session ends mid-work: signing in again keeps everything on screen. */
export function SessionExpiredDialog() {
  const { user } = useSession();
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="expired-title">
        <h2 id="expired-title">Su sesión terminó</h2>
        <p>Por inactividad o porque se cerró desde otra parte. Ingrese de nuevo para seguir; lo que estaba escribiendo sigue en la página.</p>
        <LoginForm email={user?.email ?? ''} />
      </div>
    </div>
  );
}
