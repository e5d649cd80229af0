import { z } from 'zod';

/**
 * Every environment variable the service reads, parsed once at boot. A bad value stops the
 * process with a one-line reason (see main.ts) instead of failing later in a request.
 */
const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const urlString = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intFrom(8080, 0, 65535),
  PUBLIC_URL: urlString.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PG_POOL_SIZE: intFrom(10, 1, 200),
  // Group commit of API writes (db/group-commit.ts).
  GROUP_COMMIT: z.enum(['on', 'off']).default('on'),
  GROUP_COMMIT_MAX_BATCH: intFrom(16, 1, 1_000),
  GROUP_COMMIT_CONCURRENCY: intFrom(6, 1, 64),
  OPERATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  BOOTSTRAP_PARTNER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  BOOTSTRAP_PARTNER_ADMIN_EMAIL: z.email().optional(),
  BOOTSTRAP_PARTNER_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: intFrom(8, 1, 256),
  JOB_POLL_INTERVAL_MS: intFrom(200, 10, 60_000),
  JOB_VISIBILITY_TIMEOUT_MS: intFrom(30_000, 1_000, 3_600_000),
  JOB_MAX_ATTEMPTS: intFrom(5, 1, 100),
  JOB_BACKOFF_BASE_MS: intFrom(1_000, 10, 600_000),
  PROVISIONING_STEP_DELAY_MS: intFrom(0, 0, 60_000),
  SIP_DOMAIN_SUFFIX: z
    .string()
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a DNS domain')
    .default('calls.wholesalehub.local'),
  MEETINGS_DOMAIN_SUFFIX: z
    .string()
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a DNS domain')
    .default('meet.wholesalehub.local'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://')
    .refine((v) => {
      try {
        return Boolean(new URL(v).hostname);
      } catch {
        return false;
      }
    }, 'must be an smtp(s):// URL with a host')
    .optional(),
  MAIL_FROM_ADDRESS: z.email('must be an email address').default('no-reply@wholesalehub.local'),
  // Per API process (http/rate-limit.ts); 0 turns that limit off.
  RATE_LIMIT_PER_MINUTE: intFrom(600_000, 0, 1_000_000_000),
  RATE_LIMIT_BURST: intFrom(2_000, 1, 1_000_000_000),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: intFrom(600, 0, 1_000_000_000),
});

export type Role = 'api' | 'worker' | 'all';

export type Config = Omit<z.infer<typeof envSchema>, 'PUBLIC_URL'> & {
  PUBLIC_URL: string;
  ROLE: Role;
};

export class ConfigError extends Error {}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: string[] = process.argv.slice(2),
): Config {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const role = parseRole(argv);
  const cfg = parsed.data;
  if (Boolean(cfg.BOOTSTRAP_PARTNER_ADMIN_EMAIL) !== Boolean(cfg.BOOTSTRAP_PARTNER_ADMIN_PASSWORD)) {
    throw new ConfigError('BOOTSTRAP_PARTNER_ADMIN_EMAIL and BOOTSTRAP_PARTNER_ADMIN_PASSWORD go together');
  }
  if (role !== 'all' && !cfg.DATABASE_URL) {
    // The embedded database belongs to one process: an API without a worker would accept work
    // that nothing ever runs.
    throw new ConfigError(`--role ${role} needs DATABASE_URL (the embedded database runs as one process: use --role all)`);
  }
  const publicUrl = (cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/+$/, '');
  return { ...cfg, PUBLIC_URL: publicUrl, ROLE: role };
}

function parseRole(argv: string[]): Role {
  let role: string = 'all';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--role') role = argv[++i] ?? '';
    else if (a.startsWith('--role=')) role = a.slice('--role='.length);
  }
  if (role !== 'api' && role !== 'worker' && role !== 'all') {
    throw new ConfigError(`invalid --role: must be api, worker or all (got "${role}")`);
  }
  return role;
}
