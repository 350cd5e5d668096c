import { LoginForm } from '../components/LoginForm';

export function LoginPage() {
  return (
    <main className="login-page">
      <div className="login-card">
        <h1>Mesa de Ayuda</h1>
        <p className="subtitle">Planeación Territorial · Departamento Nacional de Planeación</p>
        <LoginForm />
        <p className="hint">Atención de lunes a viernes, de 8:00 a. m. a 4:00 p. m. (hora de Bogotá).</p>
      </div>
    </main>
  );
}
