// `npm run login-link -- <成员 key 或姓名>`: prints a one-time sign-in link for a member of the
// organisation file — for the first admin before any chat platform is connected, and for recovery.
// Same settings as `npm start` (.env), same database; the link is valid 10 minutes, once.
import { existsSync } from 'node:fs';
import { PLATFORMS } from '../adapters/index';
import { EnvError, readEnv } from './config/env';
import { ConfigFileError, loadYamlFile } from './config/load-yaml';
import { systemClock } from './core/clock';
import { Refusal } from './core/errors';
import { organisationSchema } from './core/org/schema';
import { playbookSchema } from './core/playbook/schema';
import { mintLoginLink } from './core/system/sign-in';
import { syncOrganisation } from './core/system/sync-organisation';
import { fullTime } from './core/time';
import { DatabaseOpenError, openDatabase } from './db/open';
import { webSettings } from './server/workspace/settings';

if (existsSync('.env')) process.loadEnvFile('.env');

const who = process.argv.slice(2).join(' ').trim();
if (!who) {
  console.error('用法：npm run login-link -- <成员 key 或姓名>，例如 npm run login-link -- chen-admin');
  process.exit(2);
}

try {
  const env = readEnv();
  const platformsOn = PLATFORMS.filter((p) => p.name !== 'console' && p.settingsFrom(process.env) !== undefined).map((p) => p.name);
  const web = webSettings(
    { host: env.HOST, port: env.PORT, publicUrl: env.PUBLIC_URL, demoMode: env.DEMO_MODE, sessionSecret: env.SESSION_SECRET },
    platformsOn,
  );
  const org = loadYamlFile(env.ORG_FILE, organisationSchema);
  const playbook = loadYamlFile(env.PLAYBOOK_FILE, playbookSchema);
  const { db, close } = openDatabase(env.DATABASE_FILE);
  try {
    // The member may be new in the file: bring the database in line first, as start-up does.
    syncOrganisation(db, org, systemClock.now());
    const core = {
      db,
      clock: systemClock,
      playbook,
      timeZone: env.TIMEZONE,
      botName: env.BOT_NAME,
      directPlatforms: new Set<string>(),
      urgentPlatforms: new Set<string>(),
      publicUrl: web.publicUrl,
    };
    const link = mintLoginLink(db, core, who);
    console.log(`${link.member.name} 的登录链接（${fullTime(link.expiresAt, env.TIMEZONE)} 前有效，只能使用一次）：\n${link.url}`);
  } finally {
    close();
  }
} catch (err) {
  if (err instanceof EnvError || err instanceof ConfigFileError || err instanceof DatabaseOpenError) console.error(err.message);
  else if (err instanceof Refusal) console.error(err.reply);
  else throw err;
  process.exit(1);
}
