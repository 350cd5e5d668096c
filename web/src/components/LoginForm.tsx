import { useState, type FormEvent } from 'react';
import { ApiFailure } from '../api/client';
import { useSession } from '../session';

/** Sign-in form: the login page and the "session ended" dialog both use it. */
export function LoginForm({ email: initialEmail = '', autoFocus = true }: { email?: string; autoFocus?: boolean }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : 'No se pudo iniciar sesión.');
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="login-form" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
      <label>
        Correo electrónico
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus={autoFocus && !initialEmail} />
      </label>
      <label>
        Contraseña
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={autoFocus && !!initialEmail} />
      </label>
      {error && (
        <p id="login-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Ingresando…' : 'Ingresar'}
      </button>
    </form>
  );
}
