// Environment variables, checked at start-up. Every variable is documented in .env.example.
import '../core/zod-locale';
import { z } from 'zod';
import { PLATFORMS } from '../../adapters/index';
import { BOOLEAN_WORDS, EnvError } from './env-checks';

export { EnvError };

const bool = z.enum(Object.keys(BOOLEAN_WORDS) as [keyof typeof BOOLEAN_WORDS], { error: '只能是 true 或 false' }).transform((v) => BOOLEAN_WORDS[v]);

const baseSchema = z.object({
  PORT: z.coerce.number({ error: 'PORT 要是端口号，例如 8787' }).int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_FILE: z.string().min(1).default('data/fenghuo.db'),
  ORG_FILE: z.string().min(1).default('config/organisation.yaml'),
  PLAYBOOK_FILE: z.string().min(1).default('config/playbook.yaml'),
  TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'TIMEZONE 不是有效的时区名，例如 Asia/Shanghai'),
  BOT_NAME: z.string().min(1).default('烽火'),
  // The web workspace (src/server/workspace/settings.ts checks how they combine with HOST).
  PUBLIC_URL: z.string().optional(),
  DEMO_MODE: z.enum(['auto', 'true', 'false'], { error: '只能是 auto、true 或 false' }).default('auto'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET 至少 32 个字符（openssl rand -hex 32）').optional(),
  CONSOLE_ENABLED: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The signals API and the incidents API check their own (src/server/signals/config.ts).
  SIGNALS_TOKENS: z.string().optional(),
  SIGNALS_HMAC_SECRET: z.string().optional(),
  API_ADMIN_TOKEN: z.string().optional(),
  // Operations: backups (src/ops/backups.ts), retention, the metrics endpoint.
  BACKUP_DIR: z.string().min(1).default('data/backups'),
  BACKUP_KEEP: z.coerce.number({ error: 'BACKUP_KEEP 要是整数，例如 28' }).int().min(1, 'BACKUP_KEEP 至少为 1').default(28),
  BACKUP_INTERVAL_HOURS: z.coerce.number({ error: 'BACKUP_INTERVAL_HOURS 要是数字，例如 6（0 表示不定时备份）' }).min(0).default(6),
  INBOX_KEEP_DAYS: z.coerce.number({ error: 'INBOX_KEEP_DAYS 要是数字，例如 7' }).min(1, 'INBOX_KEEP_DAYS 至少 1 天（要长于平台的重发时限）').default(7),
  GUEST_KEEP_DAYS: z.coerce.number({ error: 'GUEST_KEEP_DAYS 要是数字，例如 180（0 表示一直保留）' }).min(0).default(180),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN 至少 16 个字符').optional(),
});

// Each platform checks its own variables as a group (its definition's settingsFrom); they are
// listed here too so every variable the bot reads is in one schema, and in .env.example.
type PlatformVariable = (typeof PLATFORMS)[number]['env'][number];
const platformVariables = Object.fromEntries(PLATFORMS.flatMap((p) => p.env).map((name) => [name, z.string().optional()])) as Record<
  PlatformVariable,
  z.ZodOptional<z.ZodString>
>;
export const envSchema = z.object({ ...platformVariables, ...baseSchema.shape });

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings (a blank line in .env) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}：${i.message}`);
  throw new EnvError(`环境变量有误，请修改 .env 或启动环境：\n${lines.join('\n')}`);
}
