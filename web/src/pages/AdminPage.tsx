import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { AdminCalendarView, AdminMailboxesView, RoutingRulesView } from '../api/admin-types';
import type { Role, UserView } from '../api/types';
import { formatBogotaDateTime, formatIsoDate, bogotaYear } from '../format/bogota-date';
import { CATEGORY_LABEL, ROLE_LABEL } from '../format/labels';
import { useLoad } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';

const SECTIONS: Array<[string, string]> = [
  ['cuentas', 'Cuentas y roles'],
  ['buzones', 'Buzones'],
  ['calendario', 'ANS y calendario'],
  ['enrutamiento', 'Reglas de enrutamiento'],
];

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1).replace('.', ',')} %`;
}

const ROLES: Role[] = ['agent', 'supervisor', 'admin'];

/** An admin's form for a new account; the password goes to the server once and is never shown again. */
function NewAccountForm({ onCreated }: { onCreated(): void }) {
  const [form, setForm] = useState({ name: '', email: '', role: 'agent' as Role, password: '' });
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await api.call('createUser', { body: { ...form, email: form.email.trim(), name: form.name.trim() } });
      setMessage({ tone: 'ok', text: `Cuenta creada para ${form.email.trim()}.` });
      setForm({ name: '', email: '', role: 'agent', password: '' });
      onCreated();
    } catch (failure) {
      setMessage({ tone: 'error', text: failure instanceof Error ? failure.message : 'No se pudo crear la cuenta.' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Nueva cuenta">
      <label>
        Nombre
        <input value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} required maxLength={200} />
      </label>
      <label>
        Correo
        <input type="email" value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} required />
      </label>
      <label>
        Rol
        <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABEL[role]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Contraseña inicial (12 caracteres o más)
        <input type="password" autoComplete="new-password" minLength={12} value={form.password} onChange={(event) => setForm({ ...form, password: event.target.value })} required />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Crear cuenta
      </button>
      {message && (
        <p className={message.tone} role={message.tone === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function Accounts() {
  const { user } = useSession();
  const users = useLoad<UserView[]>('users', (signal) => api.call<UserView[]>('users', { signal }));
  const [error, setError] = useState<string | null>(null);
  const isAdmin = user?.role === 'admin';
  const change = async (account: UserView, body: { role?: Role; disabled?: boolean }) => {
    setError(null);
    try {
      await api.call('updateUser', { params: { id: account.id }, body });
      users.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'No se pudo cambiar la cuenta.');
    }
  };
  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">Cuentas y roles</h1>
      <p className="hint">
        {isAdmin
          ? 'Deshabilitar una cuenta cierra sus sesiones al instante. Siempre queda al menos un administrador.'
          : 'Solo los administradores cambian cuentas; los supervisores las consultan.'}
      </p>
      {isAdmin && <NewAccountForm onCreated={users.reload} />}
      {(users.error || error) && (
        <p className="error" role="alert">
          {error ?? users.error}
        </p>
      )}
      {users.data && (
        <table>
          <caption className="visually-hidden">Cuentas</caption>
          <thead>
            <tr>
              <th scope="col">Nombre</th>
              <th scope="col">Correo</th>
              <th scope="col">Rol</th>
              <th scope="col">Estado</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((account) => (
              <tr key={account.id}>
                <td>{account.name}</td>
                <td>{account.email}</td>
                <td>
                  {isAdmin ? (
                    <select aria-label={`Rol de ${account.email}`} value={account.role} onChange={(event) => void change(account, { role: event.target.value as Role })}>
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABEL[role]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    ROLE_LABEL[account.role]
                  )}
                </td>
                <td>
                  {account.disabled ? 'deshabilitada' : 'activa'}{' '}
                  {isAdmin && account.id !== user?.id && (
                    <button type="button" onClick={() => void change(account, { disabled: !account.disabled })}>
                      {account.disabled ? 'Habilitar' : 'Deshabilitar'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const POLLER_STATE_LABEL: Record<string, string> = {
  stopped: 'detenido',
  connecting: 'conectando',
  connected: 'conectado (esperando correo)',
  syncing: 'leyendo correo',
  'waiting-to-reconnect': 'sin conexión: reintentando',
};

function Mailboxes() {
  const view = useLoad<AdminMailboxesView>('mailboxes', (signal) => api.call<AdminMailboxesView>('adminMailboxes', { signal }));
  const data = view.data;
  return (
    <section aria-labelledby="mailboxes-title">
      <h1 id="mailboxes-title">Buzones</h1>
      {view.error && <p className="error">{view.error}</p>}
      {data && (
        <>
          <p className="hint">
            Lectura cada {data.pollIntervalSeconds} s además de IMAP IDLE. Cambio de buzón: {formatBogotaDateTime(data.cutoverAt)}.
            {!data.intakeRunsInThisProcess && ' La lectura corre en otro proceso: se muestra lo guardado.'}
          </p>
          <table>
            <caption className="visually-hidden">Buzones y estado de la lectura</caption>
            <thead>
              <tr>
                <th scope="col">Buzón</th>
                <th scope="col">Servidor IMAP</th>
                <th scope="col">Lectura</th>
                <th scope="col">Último correo guardado</th>
                <th scope="col" className="numeric">Correos 24 h</th>
                <th scope="col" className="numeric">Total</th>
                <th scope="col">Atención</th>
              </tr>
            </thead>
            <tbody>
              {data.mailboxes.map((mailbox) => (
                <tr key={mailbox.key}>
                  <td>
                    <strong>{mailbox.address}</strong>
                    <div className="meta">
                      carpeta {mailbox.imap.folder}
                      {mailbox.checkpoint ? ` · UIDVALIDITY ${mailbox.checkpoint.uidValidity}, último UID ${mailbox.checkpoint.lastUid}` : ''}
                    </div>
                  </td>
                  <td>
                    {mailbox.imap.host}:{mailbox.imap.port} {mailbox.imap.tls ? '(TLS)' : '(sin TLS)'}
                    <div className="meta">usuario {mailbox.imap.user}</div>
                  </td>
                  <td>
                    {!mailbox.enabled ? 'deshabilitado' : mailbox.poller ? (POLLER_STATE_LABEL[mailbox.poller.state] ?? mailbox.poller.state) : 'en otro proceso'}
                    {mailbox.poller?.lastSuccessAt && <div className="meta">última lectura correcta: {formatBogotaDateTime(mailbox.poller.lastSuccessAt)}</div>}
                    {mailbox.pollerNote && <div className="meta">{mailbox.pollerNote}</div>}
                  </td>
                  <td>{mailbox.ingested.lastFetchedAt ? formatBogotaDateTime(mailbox.ingested.lastFetchedAt) : '—'}</td>
                  <td className="numeric">{mailbox.ingested.last24Hours}</td>
                  <td className="numeric">{mailbox.ingested.total}</td>
                  <td>{mailbox.attendance.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function hoursLabel(value: number): string {
  return `${value.toLocaleString('es-CO', { maximumFractionDigits: 1 })} h`;
}

function Calendar() {
  const [year, setYear] = useState(bogotaYear());
  const calendar = useLoad<AdminCalendarView>(`calendar:${year}`, (signal) => api.call<AdminCalendarView>('adminCalendar', { query: { year }, signal }));
  const data = calendar.data;
  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">ANS y calendario</h1>
      <label className="inline">
        Año
        <input type="number" min={1984} max={2199} value={year} onChange={(event) => setYear(Number(event.target.value) || bogotaYear())} style={{ width: '7rem' }} />
      </label>
      {calendar.error && <p className="error">{calendar.error}</p>}
      {data && (
        <>
          <p>
            Horario de atención: {data.businessHours.opening} a {data.businessHours.closing} (hora de Bogotá), {data.workingWeekdays.map((day) => day.name).join(', ')}.{' '}
            {data.workingDays} días hábiles en {data.year}. Aviso de ANS al {data.warningPercent} % del plazo.
          </p>
          <h2>Metas de ANS por categoría (horas hábiles)</h2>
          <table>
            <caption className="visually-hidden">Metas de ANS</caption>
            <thead>
              <tr>
                <th scope="col">Categoría</th>
                <th scope="col" className="numeric">Primera respuesta</th>
                <th scope="col" className="numeric">Solución</th>
                <th scope="col">Por buzón</th>
              </tr>
            </thead>
            <tbody>
              {data.slaTargets.map((target) => (
                <tr key={target.category}>
                  <td>{target.label}</td>
                  <td className="numeric">{hoursLabel(target.firstResponseHours)}</td>
                  <td className="numeric">{hoursLabel(target.resolutionHours)}</td>
                  <td>
                    {target.byMailbox.length === 0
                      ? 'igual en todos'
                      : target.byMailbox.map((entry) => `${entry.mailbox}: ${hoursLabel(entry.firstResponseHours)} / ${hoursLabel(entry.resolutionHours)}`).join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Términos legales (Ley 1755 de 2015, art. 14)</h2>
          <ul>
            {data.legalTerms.map((term) => (
              <li key={term.kind}>
                {term.label}: {term.days} días hábiles
              </li>
            ))}
          </ul>
          <h2>Festivos de {data.year}</h2>
          <table>
            <caption className="visually-hidden">Festivos del año</caption>
            <thead>
              <tr>
                <th scope="col">Fecha</th>
                <th scope="col">Festivo</th>
                <th scope="col">Atención</th>
              </tr>
            </thead>
            <tbody>
              {data.holidays.map((holiday) => (
                <tr key={holiday.date}>
                  <td>{formatIsoDate(holiday.date)}</td>
                  <td>{holiday.name}</td>
                  <td>{holiday.closed ? 'cerrado' : 'se trabaja'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.extraClosedDays.length > 0 && <p>Días cerrados adicionales: {data.extraClosedDays.map(formatIsoDate).join(', ')}.</p>}
        </>
      )}
    </section>
  );
}

const RULE_KIND_LABEL: Record<string, string> = { rule: 'regla', 'mailbox-bias': 'sesgo del buzón', fallback: 'sin decisión', retired: 'retirada' };

function RoutingRules() {
  const rules = useLoad<RoutingRulesView>('routing-rules', (signal) => api.call<RoutingRulesView>('adminRoutingRules', { signal }));
  const data = rules.data;
  return (
    <section aria-labelledby="routing-title">
      <h1 id="routing-title">Reglas de enrutamiento</h1>
      {rules.error && <p className="error">{rules.error}</p>}
      {data && (
        <>
          <p className="hint">
            Solo lectura (versión {data.rulesVersion}; puntaje mínimo {data.thresholds.minScore}, margen mínimo {data.thresholds.minMargin}). La precisión es la parte de los
            tickets decididos por cada regla que ningún agente recategorizó.
          </p>
          <table>
            <caption className="visually-hidden">Reglas y su precisión medida</caption>
            <thead>
              <tr>
                <th scope="col">Regla</th>
                <th scope="col">Tipo</th>
                <th scope="col">Categoría</th>
                <th scope="col" className="numeric">Tickets</th>
                <th scope="col" className="numeric">Recategorizados</th>
                <th scope="col" className="numeric">Precisión</th>
                <th scope="col">Recategorizados a</th>
              </tr>
            </thead>
            <tbody>
              {data.rules.map((rule) => (
                <tr key={`${rule.kind}:${rule.id ?? '-'}`}>
                  <td>
                    <strong>{rule.id ?? 'sin regla'}</strong>
                    <div className="meta">{rule.description}</div>
                    {rule.terms.length > 0 && <div className="meta">términos: {rule.terms.slice(0, 8).join(', ')}{rule.terms.length > 8 ? '…' : ''}</div>}
                  </td>
                  <td>{RULE_KIND_LABEL[rule.kind] ?? rule.kind}</td>
                  <td>{rule.category ? CATEGORY_LABEL[rule.category] : '—'}</td>
                  <td className="numeric">{rule.decided}</td>
                  <td className="numeric">{rule.recategorized}</td>
                  <td className="numeric">{percent(rule.accuracy)}</td>
                  <td>{rule.confusion.map((entry) => `${CATEGORY_LABEL[entry.to]} (${entry.tickets})`).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function AdminPage({ section }: { section: string }) {
  return (
    <div className="admin">
      <nav className="sidebar" aria-label="Administración">
        <h2>Administración</h2>
        <ul>
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <Link to={`/admin/${id}`} aria-current={section === id ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="page">
        {section === 'cuentas' && <Accounts />}
        {section === 'buzones' && <Mailboxes />}
        {section === 'calendario' && <Calendar />}
        {section === 'enrutamiento' && <RoutingRules />}
        {!SECTIONS.some(([id]) => id === section) && <p>Sección desconocida.</p>}
      </main>
    </div>
  );
}
