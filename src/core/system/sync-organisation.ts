// Brings the database in line with the organisation file at start-up. File roles are replaced;
// roles granted by an admin command and self-registered members are kept; members the file no
// longer names have left.
import { and, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import { departments, groups, identities, loginLinks, members, sessions } from '../../db/schema';
import type { Db, Tx } from '../../db/types';
import type { Organisation } from '../org/schema';
import { writeTimeline } from '../write/timeline';

export function syncOrganisation(db: Db, org: Organisation, now: number): { members: number; groups: number; changed: string[] } {
  return db.transaction((tx) => {
    const before = snapshot(tx);
    for (const d of org.departments) {
      tx.insert(departments)
        .values(d)
        .onConflictDoUpdate({ target: departments.key, set: { name: d.name } })
        .run();
    }
    for (const m of org.members) {
      const row = tx
        .insert(members)
        .values({
          key: m.key,
          name: m.name,
          departmentKey: m.department ?? null,
          fileRoles: m.roles,
          grantedRoles: [],
          source: 'file',
          onDuty: m.onDuty,
          createdAt: now,
        })
        .onConflictDoUpdate({
          target: members.key,
          set: { name: m.name, departmentKey: m.department ?? null, fileRoles: m.roles, source: 'file', onDuty: m.onDuty },
        })
        .returning({ id: members.id })
        .get();
      const ids = { console: m.key, ...m.ids };
      for (const [platform, platformUserId] of Object.entries(ids)) {
        // An identity moves to the member the file now names (e.g. a self-registered sender
        // who has since been added to the file).
        tx.insert(identities)
          .values({ platform, platformUserId, memberId: row.id })
          .onConflictDoUpdate({ target: [identities.platform, identities.platformUserId], set: { memberId: row.id } })
          .run();
      }
    }
    // Members dropped from the file have left: no roles (granted ones too), no duty, and they
    // count as guests from now on; their workspace sessions and unused sign-in links end. Their
    // history stays, under their name.
    const fileKeys = org.members.map((m) => m.key);
    const dropped = tx
      .update(members)
      .set({ fileRoles: [], grantedRoles: [], onDuty: false, source: 'auto' })
      .where(and(eq(members.source, 'file'), notInArray(members.key, fileKeys)))
      .returning({ id: members.id, key: members.key, name: members.name })
      .all();
    if (dropped.length > 0) {
      const ids = dropped.map((m) => m.id);
      tx.update(sessions)
        .set({ endedAt: now })
        .where(and(inArray(sessions.memberId, ids), isNull(sessions.endedAt)))
        .run();
      tx.update(loginLinks)
        .set({ usedAt: now })
        .where(and(inArray(loginLinks.memberId, ids), isNull(loginLinks.usedAt)))
        .run();
      writeTimeline(tx, {
        incidentId: null,
        kind: 'organisation_synced',
        text: `组织文件里已没有 ${dropped.map((m) => m.name).join('、')}：角色清空，按访客对待，工作台会话和未用的登录链接作废`,
        data: { dropped: dropped.map((m) => m.name) },
        actorId: null,
        platform: 'system',
        now,
      });
    }
    // The file's groups are the file's: removed or renamed ones go, the rest come back as written.
    // A chat an adapter registered by itself becomes the file's when the file names it.
    tx.delete(groups).where(eq(groups.source, 'file')).run();
    for (const g of org.groups) {
      const values = {
        key: g.key,
        name: g.name,
        platform: g.platform,
        chatId: g.chatId,
        purpose: g.purpose,
        departmentKey: g.department ?? null,
        extra: g.extra ?? null,
        source: 'file' as const,
      };
      tx.insert(groups)
        .values(values)
        .onConflictDoUpdate({ target: [groups.platform, groups.chatId], set: values })
        .run();
    }
    // Who held which role when is part of the record: changes from the file go on the timeline.
    const after = snapshot(tx);
    const changed = [
      ...[...after].filter(([key, roles]) => before.get(key) !== roles).map(([key, roles]) => `${key}: ${before.get(key) ?? '(新)'} → ${roles}`),
      ...dropped.map((m) => `${m.key}: ${before.get(m.key) ?? '无'} → 已不在组织文件中`),
    ];
    if (changed.length > 0) {
      writeTimeline(tx, {
        incidentId: null,
        kind: 'organisation_synced',
        text: `组织文件同步：${changed.length} 名成员的角色或值班有变化`,
        data: { changed },
        actorId: null,
        platform: 'system',
        now,
      });
    }
    return { members: org.members.length, groups: org.groups.length, changed };
  });
}

function snapshot(tx: Tx): Map<string, string> {
  return new Map(
    tx
      .select()
      .from(members)
      .where(eq(members.source, 'file'))
      .all()
      .map((m) => [m.key, `${m.fileRoles.join('、') || '无'}${m.onDuty ? '（值班）' : ''}`]),
  );
}
