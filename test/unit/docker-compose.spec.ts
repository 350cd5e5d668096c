/**
 * docker-compose.yml cannot be started on the development machines (no Docker
 * engine), so its coherence is checked statically: services, wiring between the
 * app's environment and the other services, the Dovecot config it mounts, ports
 * and mounted files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const MAILBOX_KEYS = ['KPT', 'PLANEACION'];
const MAILBOX_SUFFIXES = ['ADDRESS', 'IMAP_HOST', 'IMAP_PORT', 'IMAP_TLS', 'IMAP_USER', 'IMAP_PASSWORD', 'FOLDER'];

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asDict(value: unknown, what: string): Dict {
  if (!isDict(value)) throw new Error(`${what}: se esperaba un mapa`);
  return value;
}

/**
 * Resolves compose interpolation the way `docker compose` does with an empty
 * environment: `${VAR:-default}` and `${VAR-default}` give the default, `$$` is a
 * literal `$`. Anything without a default is reported, since it would break
 * `docker compose up` on a machine without that variable.
 */
function interpolate(value: string, missing: string[]): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\?)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, dash, fallback, question, _message, bare) => {
    if (match === '$$') return '$';
    if (dash !== undefined) return String(fallback);
    missing.push(String(braced ?? bare) + (question ? ' (obligatoria)' : ''));
    return '';
  });
}

/** Turns `environment` (map or KEY=VALUE list) into a map of raw, uninterpolated strings. */
function rawEnvironment(service: Dict): Record<string, string> {
  const env = service.environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const text = String(entry);
        const eq = text.indexOf('=');
        return eq === -1 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(asDict(env, 'environment')).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

interface ConfBlock {
  kind: string;
  name: string;
  settings: Record<string, string>;
  children: ConfBlock[];
}

/** Minimal Dovecot config reader: nested `kind [name] { key = value }` blocks. */
function parseDovecotConf(text: string): ConfBlock {
  const root: ConfBlock = { kind: 'root', name: '', settings: {}, children: [] };
  const stack = [root];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const current = stack[stack.length - 1];
    const open = /^([\w-]+)(?:\s+([^\s{]+))?\s*\{$/.exec(line);
    if (open) {
      const block: ConfBlock = { kind: open[1], name: open[2] ?? '', settings: {}, children: [] };
      current.children.push(block);
      stack.push(block);
      continue;
    }
    if (line === '}') {
      if (stack.length === 1) throw new Error('dovecot.conf: "}" sin bloque abierto');
      stack.pop();
      continue;
    }
    const setting = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (setting) current.settings[setting[1]] = setting[2].trim();
  }
  if (stack.length !== 1) throw new Error('dovecot.conf: bloque sin cerrar');
  return root;
}

function listenerPorts(conf: ConfBlock, serviceName: string): number[] {
  return conf.children
    .filter((b) => b.kind === 'service' && b.name === serviceName)
    .flatMap((service) => service.children.filter((b) => b.kind === 'inet_listener'))
    .map((listener) => Number(listener.settings.port))
    .filter((port) => Number.isInteger(port) && port > 0);
}

interface Mount {
  source: string;
  target: string;
  bind: boolean;
}

function mounts(service: Dict, missing: string[]): Mount[] {
  const volumes = service.volumes;
  if (!Array.isArray(volumes)) return [];
  return volumes.map((volume: unknown) => {
    if (typeof volume === 'string') {
      const [source, target] = interpolate(volume, missing).split(':');
      return { source, target, bind: source.startsWith('.') || source.startsWith('/') };
    }
    const long = asDict(volume, 'volumes[]');
    return { source: String(long.source ?? ''), target: String(long.target ?? ''), bind: long.type === 'bind' };
  });
}

interface Published {
  hostIp: string;
  hostPort: number;
  target: number;
  protocol: string;
}

function publishedPorts(service: Dict, missing: string[]): Published[] {
  const ports = service.ports;
  if (!Array.isArray(ports)) return [];
  return ports.map((entry: unknown) => {
    if (isDict(entry)) {
      return {
        hostIp: String(entry.host_ip ?? '0.0.0.0'),
        hostPort: Number(interpolate(String(entry.published ?? entry.target), missing)),
        target: Number(entry.target),
        protocol: String(entry.protocol ?? 'tcp'),
      };
    }
    const [spec, protocol = 'tcp'] = interpolate(String(entry), missing).split('/');
    const parts = spec.split(':');
    const target = Number(parts[parts.length - 1]);
    const hostPort = parts.length >= 2 ? Number(parts[parts.length - 2]) : target;
    const hostIp = parts.length === 3 ? parts[0] : '0.0.0.0';
    return { hostIp, hostPort, target, protocol };
  });
}

function dependsOn(service: Dict): Record<string, string> {
  const deps = service.depends_on;
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [String(d), 'service_started']));
  if (!isDict(deps)) return {};
  return Object.fromEntries(
    Object.entries(deps).map(([name, spec]) => [name, isDict(spec) ? String(spec.condition ?? 'service_started') : 'service_started']),
  );
}

describe('docker-compose.yml', () => {
  const compose = asDict(parse(fs.readFileSync(COMPOSE_FILE, 'utf8')), 'docker-compose.yml');
  const services = asDict(compose.services, 'services');
  const service = (name: string): Dict => asDict(services[name], `services.${name}`);
  const missing: string[] = [];
  const appEnvRaw = rawEnvironment(service('app'));
  const appEnv = Object.fromEntries(Object.entries(appEnvRaw).map(([k, v]) => [k, interpolate(v, missing)]));
  const mailserverEnvRaw = rawEnvironment(service('mailserver'));

  function mailserverConf(): ConfBlock {
    const mount = mounts(service('mailserver'), missing).find((m) => m.target === '/etc/dovecot/dovecot.conf');
    if (!mount) throw new Error('mailserver no monta /etc/dovecot/dovecot.conf');
    return parseDovecotConf(fs.readFileSync(path.resolve(ROOT, mount.source), 'utf8'));
  }

  it('defines postgres, redis, mailserver and app', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'mailserver', 'postgres', 'redis']);
  });

  it('builds app from the repository Dockerfile, which runs dist/main.js as a non-root user', () => {
    const build = service('app').build;
    const context = typeof build === 'string' ? build : String(asDict(build, 'app.build').context ?? '.');
    const dockerfile = isDict(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
    const dockerfilePath = path.resolve(ROOT, context, dockerfile);
    expect(path.resolve(ROOT, context)).toBe(ROOT);
    expect(fs.existsSync(dockerfilePath)).toBe(true);

    const text = fs.readFileSync(dockerfilePath, 'utf8');
    const finalStage = text.split(/^FROM\s/m).pop() ?? '';
    expect(finalStage).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    const users = [...finalStage.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
  });

  it('starts app only once postgres, redis and mailserver report healthy', () => {
    expect(dependsOn(service('app'))).toEqual({
      postgres: 'service_healthy',
      redis: 'service_healthy',
      mailserver: 'service_healthy',
    });
    for (const name of ['postgres', 'redis', 'mailserver']) {
      expect(service(name).healthcheck).toEqual(expect.objectContaining({ test: expect.anything() }));
    }
  });

  it('gives app every variable of both mailboxes and the core settings', () => {
    for (const key of MAILBOX_KEYS) {
      for (const suffix of MAILBOX_SUFFIXES) {
        expect(appEnv).toHaveProperty(`MAILBOX_${key}_${suffix}`);
      }
    }
    expect(appEnv.RUN_MIGRATIONS).toBe('true');
    const published = publishedPorts(service('app'), missing).map((p) => p.target);
    expect(published).toContain(Number(appEnv.HTTP_PORT));
  });

  it('points every mailbox at the mail server service, on a port its Dovecot config listens on', () => {
    const conf = mailserverConf();
    const imapPorts = listenerPorts(conf, 'imap-login');
    const accounts = (mailserverEnvRaw.MAIL_SERVER_ACCOUNTS ?? '').split(/\s+/).filter(Boolean);
    expect(imapPorts.length).toBeGreaterThan(0);
    expect(conf.settings.ssl).toBe('no');

    const hosts = Object.keys(appEnv).filter((name) => /^MAILBOX_[A-Z0-9]+_IMAP_HOST$/.test(name));
    expect(hosts.length).toBe(MAILBOX_KEYS.length);
    for (const hostVar of hosts) {
      const prefix = hostVar.replace(/IMAP_HOST$/, '');
      expect(Object.keys(services)).toContain(appEnv[hostVar]);
      expect(appEnv[hostVar]).toBe('mailserver');
      expect(imapPorts).toContain(Number(appEnv[`${prefix}IMAP_PORT`]));
      expect(appEnv[`${prefix}IMAP_TLS`]).toBe('false');
      expect(accounts).toContain(appEnv[`${prefix}IMAP_USER`]);
      // Same variable and default on both sides, so overriding it keeps them in step.
      expect(appEnvRaw[`${prefix}IMAP_PASSWORD`]).toBe(mailserverEnvRaw.MAIL_SERVER_PASSWORD);
    }
  });

  it('runs the compose Dovecot on the same IMAP and LMTP ports as scripts/mail-server.sh', () => {
    const conf = mailserverConf();
    const script = fs.readFileSync(path.join(ROOT, 'scripts/mail-server.sh'), 'utf8');
    const imapDefault = Number(/MAIL_SERVER_IMAP_PORT:-(\d+)/.exec(script)?.[1]);
    const lmtpDefault = Number(/MAIL_SERVER_LMTP_PORT:-(\d+)/.exec(script)?.[1]);
    expect(listenerPorts(conf, 'imap-login')).toEqual([imapDefault]);
    expect(listenerPorts(conf, 'lmtp')).toEqual([lmtpDefault]);
  });

  it('reaches PostgreSQL and Redis through their compose services with matching credentials', () => {
    const database = new URL(appEnv.DATABASE_URL);
    const postgresEnv = Object.fromEntries(
      Object.entries(rawEnvironment(service('postgres'))).map(([k, v]) => [k, interpolate(v, missing)]),
    );
    expect(database.protocol).toBe('postgres:');
    expect(database.hostname).toBe('postgres');
    expect(database.port === '' ? 5432 : Number(database.port)).toBe(5432);
    expect(decodeURIComponent(database.username)).toBe(postgresEnv.POSTGRES_USER);
    expect(decodeURIComponent(database.password)).toBe(postgresEnv.POSTGRES_PASSWORD);
    expect(database.pathname).toBe(`/${postgresEnv.POSTGRES_DB}`);

    const redis = new URL(appEnv.REDIS_URL);
    expect(redis.protocol).toBe('redis:');
    expect(Object.keys(services)).toContain(redis.hostname);
    expect(redis.hostname).toBe('redis');
  });

  it('publishes each host port at most once', () => {
    const published = Object.keys(services).flatMap((name) =>
      publishedPorts(service(name), missing).map((p) => `${p.hostPort}/${p.protocol}`),
    );
    expect(published.length).toBeGreaterThan(0);
    expect(published.every((p) => /^\d+\//.test(p))).toBe(true);
    expect(new Set(published).size).toBe(published.length);
  });

  it('mounts only files that exist in the repository, and declares its named volumes', () => {
    const declared = Object.keys(isDict(compose.volumes) ? compose.volumes : {});
    for (const name of Object.keys(services)) {
      for (const mount of mounts(service(name), missing)) {
        if (mount.bind) {
          const source = path.resolve(ROOT, mount.source);
          expect(source.startsWith(ROOT + path.sep)).toBe(true);
          expect(fs.existsSync(source)).toBe(true);
        } else {
          expect(declared).toContain(mount.source);
        }
      }
    }
  });

  it('keeps passwords out of the file: each comes from a variable with a development default', () => {
    const interpolated = /^\$\{[A-Za-z_][A-Za-z0-9_]*:-[^}]+\}$/;
    for (const name of Object.keys(services)) {
      for (const [key, value] of Object.entries(rawEnvironment(service(name)))) {
        if (/PASSWORD|SECRET|TOKEN/.test(key)) expect({ [key]: value }).toEqual({ [key]: expect.stringMatching(interpolated) });
      }
    }
    const databaseUrl = appEnvRaw.DATABASE_URL;
    expect(databaseUrl).toMatch(/^postgres:\/\/.+:\$\{[A-Za-z_]+:-[^}]+\}@[^@]+$/);
  });

  it('uses no variable without a default', () => {
    // Everything interpolated so far (and the rest of the file) must resolve on an empty environment.
    interpolate(fs.readFileSync(COMPOSE_FILE, 'utf8').replace(/^\s*#.*$/gm, ''), missing);
    expect([...new Set(missing)]).toEqual([]);
  });
});
