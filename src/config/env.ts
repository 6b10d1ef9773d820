// Environment variables, checked at start-up. Every variable is documented in .env.example.
import '../core/zod-locale';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: '只能是 true 或 false' })
  .transform((v) => ['true', '1', 'yes'].includes(v));

export const envSchema = z.object({
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
  CONSOLE_ENABLED: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Platform adapters check their own variables as a group (adapters/<p>/config.ts); listed here
  // so every variable the bot reads is in one place and in .env.example.
  FEISHU_APP_ID: z.string().optional(),
  FEISHU_APP_SECRET: z.string().optional(),
  FEISHU_ENCRYPT_KEY: z.string().optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().optional(),
  FEISHU_DOMAIN: z.string().optional(),
  FEISHU_MODE: z.string().optional(),
  WECOM_CORP_ID: z.string().optional(),
  WECOM_AGENT_ID: z.string().optional(),
  WECOM_SECRET: z.string().optional(),
  WECOM_TOKEN: z.string().optional(),
  WECOM_AES_KEY: z.string().optional(),
  WECOM_API_BASE: z.string().optional(),
  WECOM_BOT_ID: z.string().optional(),
  WECOM_BOT_SECRET: z.string().optional(),
  WECOM_BOT_MODE: z.string().optional(),
  WECOM_BOT_WS_URL: z.string().optional(),
  WECOM_BOT_TOKEN: z.string().optional(),
  WECOM_BOT_AES_KEY: z.string().optional(),
  WECHATY_PUPPET: z.string().optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().optional(),
  // The signals API and the incidents API check their own (src/server/signals/config.ts).
  SIGNALS_TOKENS: z.string().optional(),
  SIGNALS_HMAC_SECRET: z.string().optional(),
  API_ADMIN_TOKEN: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings (a blank line in .env) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}：${i.message}`);
  throw new EnvError(`环境变量有误，请修改 .env 或启动环境：\n${lines.join('\n')}`);
}
