// Notices when the database can no longer be trusted with a change: its file was deleted or
// replaced under the running bot (SQLite would go on writing into the unlinked file, and after
// a restart everything would be gone), or it cannot be written (disk full, read-only, locked).
// The file's identity (device + inode) is taken at open; check() compares it and tries a write.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';

export type DatabaseProblem = 'gone' | 'replaced' | 'unwritable';

export interface DatabaseStatus {
  ok: boolean;
  problem?: DatabaseProblem | undefined;
  /** For people: what is wrong and what to do (Chinese first, then English). */
  detail?: string | undefined;
}

export class DatabaseWatch {
  private readonly identity: { dev: number; ino: number } | undefined;
  private lostWith: DatabaseStatus | undefined;
  private readonly path: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    file: string,
    private readonly sqlite: Database.Database,
    /** Called once, when the file is found gone or replaced. */
    private readonly onLost: (status: DatabaseStatus) => void,
  ) {
    this.path = resolve(file);
    this.identity = file === ':memory:' ? undefined : identityOf(this.path);
  }

  /**
   * Looks every `everyMs` as well (one stat), so a file deleted while nothing comes in (a quiet
   * night: only the clock loop writes, reminders and escalations) is noticed and said at once,
   * not at the next message or health check.
   */
  start(everyMs = 5_000): void {
    if (!this.identity || this.lostWith) return;
    this.timer ??= setInterval(() => this.lost(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Gone or replaced (cheap: one stat); once lost, lost until restarted. */
  lost(): DatabaseStatus | undefined {
    if (this.lostWith || !this.identity) return this.lostWith;
    const now = identityOf(this.path);
    if (!now) this.markLost('gone');
    else if (now.dev !== this.identity.dev || now.ino !== this.identity.ino) this.markLost('replaced');
    return this.lostWith;
  }

  /** The file is ours and a write goes through: what /healthz reports. */
  check(): DatabaseStatus {
    const lost = this.lost();
    if (lost) return lost;
    try {
      this.sqlite
        .prepare(`INSERT INTO settings (key, value) VALUES ('health_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run(String(Date.now()));
      return { ok: true };
    } catch (err) {
      const code = (err as { code?: string }).code ?? String(err);
      return {
        ok: false,
        problem: 'unwritable',
        detail: `数据库 ${this.path} 无法写入（${code}）：检查磁盘空间、文件权限，或是否有其他程序锁住了它。 / The database cannot be written (${code}): check disk space, permissions, or another program holding a lock.`,
      };
    }
  }

  private markLost(problem: 'gone' | 'replaced'): void {
    const what = problem === 'gone' ? '被删除' : '被替换';
    const english = problem === 'gone' ? 'was deleted' : 'was replaced by another file';
    this.lostWith = {
      ok: false,
      problem,
      detail:
        `数据库文件 ${this.path} 在运行中${what}：烽火已停止接受命令，以免写进已不存在的文件。请从备份恢复（npm run restore）或放回原文件，然后重启。 / ` +
        `The database file ${this.path} ${english} while running: Fenghuo stopped taking commands rather than write into nothing. Restore it (npm run restore) or put it back, then restart.`,
    };
    this.stop();
    this.onLost(this.lostWith);
  }
}

function identityOf(path: string): { dev: number; ino: number } | undefined {
  try {
    const s = statSync(path);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return undefined;
  }
}
