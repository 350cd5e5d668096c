import { useRef, useState, type ReactNode } from 'react';
import { ROLE_LABEL } from '../format/labels';
import { Link, useRouter } from '../router';
import { useSession } from '../session';
import { useShortcut } from '../shortcuts';
import { SearchBox } from './SearchBox';
import { ShortcutsHelp } from './ShortcutsHelp';

export function Shell({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const { location, navigate } = useRouter();
  const [help, setHelp] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  useShortcut('?', () => setHelp((open) => !open));
  useShortcut('Escape', () => setHelp(false));
  useShortcut('/', () => search.current?.focus());
  useShortcut('g c', () => navigate('/'));
  const canAdmin = user?.role === 'supervisor' || user?.role === 'admin';
  const section = location.path.startsWith('/admin') ? 'admin' : location.path.startsWith('/informes') ? 'reports' : 'queue';

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Saltar al contenido
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Mesa de Ayuda <span>Planeación Territorial</span>
        </Link>
        <nav aria-label="Secciones">
          <Link to="/" aria-current={section === 'queue' ? 'page' : undefined}>
            Tickets
          </Link>
          {canAdmin && (
            <Link to="/informes" aria-current={section === 'reports' ? 'page' : undefined}>
              Informes
            </Link>
          )}
          {canAdmin && (
            <Link to="/admin/cuentas" aria-current={section === 'admin' ? 'page' : undefined}>
              Administración
            </Link>
          )}
        </nav>
        <SearchBox ref={search} />
        <div className="account">
          <button type="button" className="link" onClick={() => setHelp(true)} aria-label="Atajos de teclado">
            ?
          </button>
          <span className="who">
            {user?.name} <small>({user ? ROLE_LABEL[user.role] : ''})</small>
          </span>
          <button type="button" onClick={() => void signOut()}>
            Salir
          </button>
        </div>
      </header>
      <div id="main" className="content">
        {children}
      </div>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
