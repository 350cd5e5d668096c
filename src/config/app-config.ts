import * as os from 'os';
import type { AfterIntakeAction } from './after-intake';

/**
 * Configuration: the only place that reads process.env. Values are validated at
 * start-up; any problem aborts with one message naming every bad variable and
 * what it expects. Defaults work on a fresh machine of the development kind
 * (local PostgreSQL, Redis and the project's own Dovecot from scripts/mail-server.sh).
 */

export type { AfterIntakeAction };

export interface ImapSettings {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  /** Sensitive: never logged. */
  password: string;
  folder: string;
}

export interface MailboxConfig {
  /** Short stable key used in env names and logs: `kpt`, `planeacion`. */
  key: string;
  /** The public address officials write to. */
  address: string;
  imap: ImapSettings;
  /** What to do with the server copy once its ticket is committed. Never delete. */
  afterIntake: AfterIntakeAction;
  /** Destination folder when afterIntake is `move`. */
  moveTo: string | null;
  enabled: boolean;
}

export interface IntakeConfig {
  /** Seconds between fall-back polls (IDLE normally reports new mail first). */
  pollIntervalSeconds: number;
  useIdle: boolean;
  /** How many messages one transaction commits at most. */
  batchSize: number;
  /** Worker threads that parse mail (0 = parse on the main thread). */
  parserWorkers: number;
  /** A message whose parse takes longer is kept raw as an unreadable article. */
  parserTimeLimitMs: number;
  /** Reconnect backoff bounds. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

/**
 * The February 2024 mailbox cutover (DNP circular): `kpt@` serves the outgoing
 * governments until `at`; from then on `planeacionterritorial@` is the only
 * attended mailbox and takes over kpt@'s queue and replies.
 */
export interface CutoverConfig {
  at: Date;
  /** Mailbox that stops being attended at the cutover (kpt@). */
  retiredMailbox: string;
  /** Mailbox that takes its queue (planeacionterritorial@). */
  successorMailbox: string;
  /** Last day (Bogotá, YYYY-MM-DD) on which kpt@ takes questions about KPT. */
  kptQuestionsUntil: string;
  /** Last day (Bogotá, YYYY-MM-DD) to report the old plans' progress in KPT. */
  kptReportDeadline: string;
}

export interface RoutingConfig {
  /** Domains, besides gov.co, whose senders count as institutional (some entities use others). */
  institutionalDomains: string[];
}

export interface AcknowledgementConfig {
  /** More automatic acknowledgements than this to one address within the window is a mail loop. */
  maxPerAddress: number;
  windowMinutes: number;
}

export interface SlaConfig {
  /** Minutes after local midnight (Bogotá). */
  openingMinute: number;
  closingMinute: number;
  /** 0 = Sunday … 6 = Saturday. */
  workingWeekdays: number[];
  extraClosedDays: string[];
  removedHolidays: string[];
  /** Business hours per category: first response / resolution. */
  targets: Record<'users' | 'tech' | 'formulation' | 'unclassified', { firstResponseHours: number; resolutionHours: number }>;
  /** Overrides per mailbox address. */
  targetsByMailbox: Record<string, Partial<Record<'users' | 'tech' | 'formulation' | 'unclassified', { firstResponseHours: number; resolutionHours: number }>>>;
  warningPercent: number;
  legalTermDays: { petition: number; documents: number; consultation: number };
}

export interface OutboundConfig {
  /** Run the sending worker in this process. */
  enabled: boolean;
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null };
  /** Parallel SMTP sends per process. */
  concurrency: number;
  /** First retry delay after a temporary failure; doubles each time, capped at 6 hours. */
  retryBaseMs: number;
  /** A message still failing temporarily after this long is given up (3 days by default). */
  giveUpAfterHours: number;
  /** Staff who receive SLA warnings and breaches. */
  staffAddresses: string[];
  /** Business days an official has to reply to a resolved ticket to reopen it. */
  reopenWithinDays: number;
  /** Re-enqueue rows Redis lost, and rows a crash left in "sending", this often. */
  sweepIntervalSeconds: number;
}

export interface AuthConfig {
  /** A session unused for this long ends (8 hours: one working day). */
  sessionIdleHours: number;
  /** Failed logins tolerated per account, and per client address, within the window before 429. */
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  failureWindowMinutes: number;
  /**
   * Express `trust proxy`: false (direct connections), true (every proxy), or the number of
   * proxy hops in front of the app. Only then do X-Forwarded-For / -Proto set the client
   * address and HTTPS; otherwise a client could forge its own address past the rate limit.
   */
  trustProxy: boolean | number;
}

export interface ExportsConfig {
  /** Folder of finished export files (relative paths are from the working directory). */
  dir: string;
  /** A finished file can be downloaded this long; then the sweeper deletes it. */
  retentionHours: number;
  /** How often expired files are deleted. */
  sweepIntervalSeconds: number;
  /** Exports built at once per process (each holds one PostgreSQL cursor and one file). */
  concurrency: number;
}

export interface WeeklyReportConfig {
  /** Mail the weekly report to the enabled supervisors. */
  enabled: boolean;
  /** 0 = Sunday … 6 = Saturday, Bogotá. */
  weekday: number;
  /** Minutes after Bogotá midnight. */
  minute: number;
}

export interface AppConfig {
  databaseUrl: string;
  redisUrl: string;
  /** Prefix of every BullMQ key in Redis, so several installations (or test suites) can share one Redis. */
  queuePrefix: string;
  /** Run BullMQ workers (scheduled jobs) in this process. */
  jobsEnabled: boolean;
  httpPort: number;
  runMigrations: boolean;
  intakeEnabled: boolean;
  intake: IntakeConfig;
  mailboxes: MailboxConfig[];
  routing: RoutingConfig;
  cutover: CutoverConfig;
  acknowledgements: AcknowledgementConfig;
  sla: SlaConfig;
  outbound: OutboundConfig;
  auth: AuthConfig;
  exports: ExportsConfig;
  weeklyReport: WeeklyReportConfig;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuración inválida:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

type Env = Record<string, string | undefined>;

/** Local development password of the project's own Dovecot (scripts/mail-server.sh); not a secret. */
const LOCAL_MAIL_SERVER_PASSWORD = 'mesa-dev-password';

const MAILBOX_DEFAULTS: ReadonlyArray<{ key: string; address: string }> = [
  { key: 'kpt', address: 'kpt@dnp.gov.co' },
  { key: 'planeacion', address: 'planeacionterritorial@dnp.gov.co' },
];

/** `YYYY-MM-DD` naming a day that exists (no 2024-02-30). */
function isCalendarDay(text: string): boolean {
  const date = new Date(`${text}T12:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') return fallback;
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      this.problems.push(`${name}="${raw}": se espera un número entero entre ${min} y ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const normalized = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'si', 'sí'].includes(normalized)) return true;
    if (['false', '0', 'no'].includes(normalized)) return false;
    this.problems.push(`${name}="${raw}": se espera true o false`);
    return fallback;
  }

  /** `false`, `true` or a hop count: `1` means one proxy, not "trust everyone". */
  trustProxy(name: string): boolean | number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return false;
    const normalized = raw.trim().toLowerCase();
    if (['true', 'yes', 'si', 'sí'].includes(normalized)) return true;
    if (['false', 'no', '0'].includes(normalized)) return false;
    if (/^\d+$/.test(normalized) && Number(normalized) >= 1 && Number(normalized) <= 10) return Number(normalized);
    this.problems.push(`${name}="${raw}": se espera true, false o el número de proxies delante de la aplicación (1 a 10)`);
    return false;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const found = allowed.find((a) => a === raw.trim().toLowerCase());
    if (!found) {
      this.problems.push(`${name}="${raw}": se espera uno de ${allowed.join(', ')}`);
      return fallback;
    }
    return found;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name}: se espera una URL ${protocols.join(' o ')} (p. ej. ${fallback})`);
      }
    } catch {
      // The value may hold a password: name the variable, never echo it.
      this.problems.push(`${name}: no es una URL válida (p. ej. ${fallback})`);
    }
    return value;
  }

  /** An instant with an explicit offset (`2024-02-01T00:00:00-05:00`): a bare local time would be ambiguous. */
  instant(name: string, fallback: string): Date {
    const raw = this.string(name, fallback).trim();
    const date = new Date(raw);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(date.getTime())) {
      this.problems.push(`${name}="${raw}": se espera fecha y hora ISO-8601 con zona, p. ej. ${fallback}`);
      return new Date(fallback);
    }
    return date;
  }

  day(name: string, fallback: string): string {
    const raw = this.string(name, fallback).trim();
    if (!isCalendarDay(raw)) {
      this.problems.push(`${name}="${raw}": se espera una fecha AAAA-MM-DD, p. ej. ${fallback}`);
      return fallback;
    }
    return raw;
  }

  days(name: string): string[] {
    const raw = this.string(name, '');
    const list = raw.split(',').map((d) => d.trim()).filter((d) => d !== '');
    for (const day of list) {
      if (!isCalendarDay(day)) {
        this.problems.push(`${name}: «${day}» no es una fecha AAAA-MM-DD (se espera una lista separada por comas)`);
      }
    }
    return list;
  }

  weekdays(name: string, fallback: string): number[] {
    const raw = this.string(name, fallback);
    const list = raw.split(',').map((d) => d.trim()).filter((d) => d !== '');
    if (list.length === 0 || list.some((d) => !/^[0-6]$/.test(d))) {
      this.problems.push(`${name}="${raw}": se esperan días de 0 (domingo) a 6 (sábado) separados por comas, p. ej. ${fallback}`);
      return fallback.split(',').map(Number);
    }
    return [...new Set(list.map(Number))].sort();
  }

  /** `08:00` → minutes after midnight. */
  timeOfDay(name: string, fallback: string): number {
    const raw = this.string(name, fallback).trim();
    const match = /^(\d{1,2}):(\d{2})$/.exec(raw);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
      this.problems.push(`${name}="${raw}": se espera una hora HH:MM de 00:00 a 23:59, p. ej. ${fallback}`);
      const [h, m] = fallback.split(':').map(Number);
      return h * 60 + m;
    }
    return Number(match[1]) * 60 + Number(match[2]);
  }

  /** `08:00-16:00` → minutes after midnight. */
  hours(name: string, fallback: string): { opening: number; closing: number } {
    const raw = this.string(name, fallback).trim();
    const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(raw);
    const opening = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
    const closing = match ? Number(match[3]) * 60 + Number(match[4]) : NaN;
    if (!match || !(opening >= 0 && closing <= 1440 && opening < closing) || Number(match[2]) > 59 || Number(match[4]) > 59) {
      this.problems.push(`${name}="${raw}": se espera un horario HH:MM-HH:MM con apertura antes del cierre, p. ej. ${fallback}`);
      const [o, c] = fallback.split('-').map((t) => Number(t.split(':')[0]) * 60 + Number(t.split(':')[1]));
      return { opening: o, closing: c };
    }
    return { opening, closing };
  }

  /** `users=4/8,tech=4/24`: business hours for first response / resolution per category. */
  slaTargets(name: string, fallback: string): Partial<SlaConfig['targets']> {
    const raw = this.string(name, fallback);
    const result: Partial<SlaConfig['targets']> = {};
    for (const item of raw.split(',').map((i) => i.trim()).filter((i) => i !== '')) {
      const match = /^(users|tech|formulation|unclassified)=(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(item);
      if (!match || Number(match[2]) <= 0 || Number(match[3]) < Number(match[2])) {
        this.problems.push(`${name}: «${item}» no es válido; se espera categoría=primera_respuesta/solución en horas hábiles, p. ej. users=4/8 (solución ≥ primera respuesta)`);
        continue;
      }
      result[match[1] as keyof SlaConfig['targets']] = { firstResponseHours: Number(match[2]), resolutionHours: Number(match[3]) };
    }
    return result;
  }

  legalTerms(name: string, fallback: string): SlaConfig['legalTermDays'] {
    const defaults = { petition: 15, documents: 10, consultation: 30 };
    const result = { ...defaults };
    for (const item of this.string(name, fallback).split(',').map((i) => i.trim()).filter((i) => i !== '')) {
      const match = /^(petition|documents|consultation)=(\d+)$/.exec(item);
      if (!match || Number(match[2]) < 1 || Number(match[2]) > 365) {
        this.problems.push(`${name}: «${item}» no es válido; se espera tipo=días hábiles, p. ej. petition=15,documents=10,consultation=30`);
        continue;
      }
      result[match[1] as keyof typeof defaults] = Number(match[2]);
    }
    return result;
  }

  domains(name: string): string[] {
    const raw = this.string(name, '');
    const list = raw.split(',').map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter((d) => d !== '');
    const bad = list.filter((d) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d));
    if (bad.length) this.problems.push(`${name}: «${bad.join(', ')}» no son dominios (se espera una lista separada por comas, p. ej. alcaldia.edu.co,municipio.co)`);
    return list.filter((d) => !bad.includes(d));
  }

  addresses(name: string, fallback: string): string[] {
    const list = this.string(name, fallback).split(',').map((a) => a.trim().toLowerCase()).filter((a) => a !== '');
    const bad = list.filter((a) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a));
    if (bad.length) this.problems.push(`${name}: «${bad.join(', ')}» no son direcciones de correo`);
    return list.filter((a) => !bad.includes(a));
  }

  address(name: string, fallback: string): string {
    const value = this.string(name, fallback).trim().toLowerCase();
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value)) {
      this.problems.push(`${name}="${value}": se espera una dirección de correo`);
    }
    return value;
  }
}

function readMailbox(reader: EnvReader, key: string, defaultAddress: string): MailboxConfig {
  const prefix = `MAILBOX_${key.toUpperCase()}_`;
  const address = reader.address(`${prefix}ADDRESS`, defaultAddress);
  const afterIntake = reader.oneOf<AfterIntakeAction>(`${prefix}AFTER_INTAKE`, 'none', ['none', 'seen', 'move']);
  const moveToRaw = reader.string(`${prefix}MOVE_TO`, '');
  if (afterIntake === 'move' && moveToRaw === '') {
    reader.problems.push(`${prefix}MOVE_TO: obligatorio cuando ${prefix}AFTER_INTAKE=move (carpeta de destino)`);
  }
  return {
    key,
    address,
    enabled: reader.boolean(`${prefix}ENABLED`, true),
    imap: {
      host: reader.string(`${prefix}IMAP_HOST`, '127.0.0.1'),
      port: reader.integer(`${prefix}IMAP_PORT`, 1143, 1, 65535),
      tls: reader.boolean(`${prefix}IMAP_TLS`, false),
      user: reader.string(`${prefix}IMAP_USER`, address),
      password: reader.string(`${prefix}IMAP_PASSWORD`, LOCAL_MAIL_SERVER_PASSWORD),
      folder: reader.string(`${prefix}FOLDER`, 'INBOX'),
    },
    afterIntake,
    moveTo: moveToRaw === '' ? null : moveToRaw,
  };
}

const DEFAULT_SLA_TARGETS = 'users=4/8,tech=4/24,formulation=8/40,unclassified=8/40';
/** The same defaults as data: a partial SLA_TARGETS only replaces the categories it names. */
const SEED_SLA_TARGETS: SlaConfig['targets'] = {
  users: { firstResponseHours: 4, resolutionHours: 8 },
  tech: { firstResponseHours: 4, resolutionHours: 24 },
  formulation: { firstResponseHours: 8, resolutionHours: 40 },
  unclassified: { firstResponseHours: 8, resolutionHours: 40 },
};

function readSla(reader: EnvReader): SlaConfig {
  const hours = reader.hours('BUSINESS_HOURS', '08:00-16:00');
  const targets = reader.slaTargets('SLA_TARGETS', DEFAULT_SLA_TARGETS);
  const targetsByMailbox: SlaConfig['targetsByMailbox'] = {};
  for (const { key, address } of MAILBOX_DEFAULTS) {
    const overrides = reader.slaTargets(`SLA_TARGETS_${key.toUpperCase()}`, '');
    if (Object.keys(overrides).length) targetsByMailbox[reader.string(`MAILBOX_${key.toUpperCase()}_ADDRESS`, address).trim().toLowerCase()] = overrides;
  }
  return {
    openingMinute: hours.opening,
    closingMinute: hours.closing,
    workingWeekdays: reader.weekdays('WORKING_WEEKDAYS', '1,2,3,4,5'),
    extraClosedDays: reader.days('CALENDAR_EXTRA_CLOSED_DAYS'),
    removedHolidays: reader.days('CALENDAR_REMOVED_HOLIDAYS'),
    targets: { ...SEED_SLA_TARGETS, ...targets },
    targetsByMailbox,
    warningPercent: reader.integer('SLA_WARNING_PERCENT', 75, 1, 99),
    legalTermDays: reader.legalTerms('LEGAL_TERM_DAYS', 'petition=15,documents=10,consultation=30'),
  };
}

/**
 * Parser threads by default: one core is left to the main thread (IMAP, commits) and the
 * database, which intake keeps busy too. On this 2-core machine one worker gave more
 * msg/s than two, with 13 % less CPU per message (bench:ingest); more than 4 never paid.
 */
export function defaultParserWorkers(cpuCount: number): number {
  return Math.min(4, Math.max(1, cpuCount - 1));
}

/** Parses and validates the environment. Throws ConfigValidationError listing every problem. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const reader = new EnvReader(env);
  const config: AppConfig = {
    databaseUrl: reader.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/mesa', ['postgres:', 'postgresql:']),
    redisUrl: reader.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: reader.string('QUEUE_PREFIX', 'mesa'),
    jobsEnabled: reader.boolean('JOBS_ENABLED', true),
    httpPort: reader.integer('HTTP_PORT', 3000, 1, 65535),
    runMigrations: reader.boolean('RUN_MIGRATIONS', true),
    intakeEnabled: reader.boolean('INTAKE_ENABLED', true),
    intake: {
      pollIntervalSeconds: reader.integer('IMAP_POLL_INTERVAL_SECONDS', 60, 1, 86400),
      useIdle: reader.boolean('IMAP_IDLE', true),
      batchSize: reader.integer('INTAKE_BATCH_SIZE', 400, 1, 5000),
      parserWorkers: reader.integer('PARSER_WORKERS', defaultParserWorkers(os.cpus().length), 0, 64),
      parserTimeLimitMs: reader.integer('PARSER_TIME_LIMIT_MS', 30000, 1, 600000),
      reconnectMinMs: reader.integer('IMAP_RECONNECT_MIN_MS', 500, 10, 600000),
      reconnectMaxMs: reader.integer('IMAP_RECONNECT_MAX_MS', 60000, 10, 3600000),
    },
    mailboxes: MAILBOX_DEFAULTS.map((m) => readMailbox(reader, m.key, m.address)),
    routing: { institutionalDomains: reader.domains('INSTITUTIONAL_EXTRA_DOMAINS') },
    cutover: {
      at: reader.instant('CUTOVER_AT', '2024-02-01T00:00:00-05:00'),
      retiredMailbox: '',
      successorMailbox: '',
      kptQuestionsUntil: reader.day('KPT_QUESTIONS_UNTIL', '2024-01-12'),
      kptReportDeadline: reader.day('KPT_REPORT_DEADLINE', '2024-01-31'),
    },
    acknowledgements: {
      maxPerAddress: reader.integer('ACK_LOOP_MAX_PER_ADDRESS', 3, 1, 1000),
      windowMinutes: reader.integer('ACK_LOOP_WINDOW_MINUTES', 10, 1, 1440),
    },
    sla: readSla(reader),
    outbound: {
      enabled: reader.boolean('OUTBOUND_ENABLED', true),
      smtp: {
        host: reader.string('SMTP_HOST', '127.0.0.1'),
        port: reader.integer('SMTP_PORT', 2525, 1, 65535),
        secure: reader.boolean('SMTP_TLS', false),
        user: reader.string('SMTP_USER', '') || null,
        password: reader.string('SMTP_PASSWORD', '') || null,
      },
      concurrency: reader.integer('OUTBOUND_CONCURRENCY', 8, 1, 200),
      retryBaseMs: reader.integer('OUTBOUND_RETRY_BASE_MS', 30000, 10, 3600000),
      giveUpAfterHours: reader.integer('OUTBOUND_GIVE_UP_AFTER_HOURS', 72, 1, 720),
      staffAddresses: reader.addresses('STAFF_NOTIFY_ADDRESSES', 'supervision.mesadeayuda@dnp.gov.co'),
      reopenWithinDays: reader.integer('REOPEN_WITHIN_DAYS', 10, 1, 365),
      sweepIntervalSeconds: reader.integer('OUTBOUND_SWEEP_INTERVAL_SECONDS', 30, 1, 3600),
    },
    auth: {
      sessionIdleHours: reader.integer('SESSION_IDLE_HOURS', 8, 1, 720),
      maxFailuresPerAccount: reader.integer('LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      maxFailuresPerAddress: reader.integer('LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100000),
      failureWindowMinutes: reader.integer('LOGIN_FAILURE_WINDOW_MINUTES', 15, 1, 1440),
      trustProxy: reader.trustProxy('TRUST_PROXY'),
    },
    exports: {
      dir: reader.string('EXPORT_DIR', '.var/exports'),
      retentionHours: reader.integer('EXPORT_RETENTION_HOURS', 72, 1, 8760),
      sweepIntervalSeconds: reader.integer('EXPORT_SWEEP_INTERVAL_SECONDS', 600, 1, 86400),
      concurrency: reader.integer('EXPORT_CONCURRENCY', 1, 1, 16),
    },
    weeklyReport: {
      enabled: reader.boolean('WEEKLY_REPORT_ENABLED', true),
      weekday: reader.integer('WEEKLY_REPORT_WEEKDAY', 1, 0, 6),
      minute: reader.timeOfDay('WEEKLY_REPORT_TIME', '08:00'),
    },
  };
  // The cutover is between the two configured mailboxes, whatever their addresses.
  config.cutover.retiredMailbox = config.mailboxes.find((m) => m.key === 'kpt')!.address;
  config.cutover.successorMailbox = config.mailboxes.find((m) => m.key === 'planeacion')!.address;
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(config.queuePrefix)) {
    reader.problems.push('QUEUE_PREFIX: se esperan de 1 a 40 letras, números, guiones o guiones bajos');
  }
  if (config.intake.reconnectMaxMs < config.intake.reconnectMinMs) {
    reader.problems.push('IMAP_RECONNECT_MAX_MS: debe ser mayor o igual que IMAP_RECONNECT_MIN_MS');
  }
  const addresses = config.mailboxes.map((m) => m.address);
  if (new Set(addresses).size !== addresses.length) {
    reader.problems.push('MAILBOX_*_ADDRESS: cada buzón debe tener una dirección distinta');
  }
  if (reader.problems.length > 0) throw new ConfigValidationError(reader.problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
