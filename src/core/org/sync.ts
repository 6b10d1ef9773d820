// Brings the database in line with the organisation file at start-up. File roles are replaced;
// roles granted by an admin command and self-registered members are kept.
import { and, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/types';
import { departments, groups, identities, members } from '../../db/schema';
import type { Organisation } from './schema';

export function syncOrganisation(db: Db, org: Organisation, now: number): { members: number; groups: number } {
  return db.transaction((tx) => {
    for (const d of org.departments) {
      tx.insert(departments).values(d).onConflictDoUpdate({ target: departments.key, set: { name: d.name } }).run();
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
    // Members dropped from the file lose their file roles (their history stays).
    const fileKeys = org.members.map((m) => m.key);
    tx.update(members)
      .set({ fileRoles: [], onDuty: false })
      .where(and(eq(members.source, 'file'), notInArray(members.key, fileKeys)))
      .run();
    for (const g of org.groups) {
      const values = {
        key: g.key,
        name: g.name,
        platform: g.platform,
        chatId: g.chatId,
        purpose: g.purpose,
        departmentKey: g.department ?? null,
        extra: g.extra ?? null,
      };
      tx.insert(groups).values(values).onConflictDoUpdate({ target: groups.key, set: values }).run();
    }
    return { members: org.members.length, groups: org.groups.length };
  });
}
