// Issuing a one-time sign-in link: the token goes to the person (privately, or printed by the
// bootstrap script), its digest to login_links. The message that carries it is kept under the
// subject login-link:<id> so that the token can be wiped from the stored card once the link is
// used or has expired (system/sign-in.ts): only the digest outlives the link.
import { eq } from 'drizzle-orm';
import { botMessages, loginLinks } from '../../db/schema';
import type { Tx } from '../../db/types';
import { markdown, plain, textCard, type Card } from '../cards/card';
import { link, md } from '../cards/markup';
import type { Core } from '../context';
import { LINK_TTL_MS, type LoginLink } from '../read/sessions';
import { clockTime } from '../time';
import { newToken, tokenDigest } from '../tokens';

export function loginLinkSubject(linkId: number): string {
  return `login-link:${linkId}`;
}

export function loginUrl(core: Pick<Core, 'publicUrl'>, token: string): string {
  return `${core.publicUrl}/login/${token}`;
}

export function issueLoginLink(tx: Tx, input: { memberId: number; via: string; now: number }): { token: string; link: LoginLink } {
  const token = newToken();
  const link = tx
    .insert(loginLinks)
    .values({ tokenHash: tokenDigest(token), memberId: input.memberId, via: input.via, createdAt: input.now, expiresAt: input.now + LINK_TTL_MS })
    .returning()
    .get();
  return { token, link };
}

/** The private message with the link. The URL is shown as plain text too: some clients do not open card links. */
export function loginLinkCard(core: Pick<Core, 'publicUrl' | 'timeZone'>, token: string, expiresAt: number): Card {
  const url = loginUrl(core, token);
  const card = textCard('烽火工作台 · 登录链接', link('点此登录工作台', url), 'info');
  card.blocks.push(plain(url), markdown(md`${clockTime(expiresAt, core.timeZone)} 前有效，只能使用一次。请勿转发：拿到链接的人可以用你的身份登录。`));
  return card;
}

/** The same message once the link is spent: no token left in the database. */
export function spentLoginLinkCard(): Card {
  return textCard('烽火工作台 · 登录链接', '这个登录链接已使用或已过期。需要时再发送「登录」。', 'info');
}

/** Wipes the token from the stored copies of a link's message (no outbox row: the chat keeps what it showed). */
export function wipeLoginLinkCards(tx: Tx, linkId: number): void {
  tx.update(botMessages)
    .set({ card: spentLoginLinkCard() })
    .where(eq(botMessages.subject, loginLinkSubject(linkId)))
    .run();
}
