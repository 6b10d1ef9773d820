// The neutral card tree. The core builds these; each adapter renders them (Feishu JSON 2.0,
// WeCom template card, console HTML) or falls back to text with reply commands for buttons.
import type { Level } from '../levels';

export interface Card {
  title: string;
  /** Colours the header; absent for neutral replies. */
  level?: Level | undefined;
  /** Header tone when there is no level: ok (green), warn (amber), error (red), info. */
  tone?: 'ok' | 'warn' | 'error' | 'info' | undefined;
  blocks: Block[];
  /** People to @mention. `userId` is filled per platform when the message is queued. */
  mentions?: Mention[] | undefined;
  /** Ask the platform to push urgently (加急) to the mentioned people, where it can. */
  urgent?: boolean | undefined;
}

export type Block =
  | { type: 'markdown'; text: string }
  /** People's own words shown verbatim: no markdown, so no disguised links or mentions. */
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: Field[] }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'divider' }
  | { type: 'note'; text: string };

export interface Field {
  label: string;
  value: string;
}

/** The verbs a button can trigger; the same verbs the commands reach. */
export type ButtonAction = 'claim' | 'approve' | 'reject' | 'confirmWarning' | 'adjustWarning' | 'ignoreWarning';

export interface Button {
  label: string;
  action: ButtonAction;
  /** The argument of the verb, e.g. `T3` or `A12`. Who may act is never taken from here. */
  value: string;
  style?: 'primary' | 'danger' | 'default' | undefined;
  confirm?: { title: string; text: string } | undefined;
}

export interface Mention {
  memberId: number;
  name: string;
  userId?: string | undefined;
}

export function markdown(text: string): Block {
  return { type: 'markdown', text };
}

export function plain(text: string): Block {
  return { type: 'text', text };
}

export function fields(list: Field[]): Block {
  return { type: 'fields', fields: list };
}

export function note(text: string): Block {
  return { type: 'note', text };
}

/** A plain reply: a card with one markdown block, which text-only platforms show as is. */
export function textCard(title: string, text: string, tone?: Card['tone']): Card {
  return { title, tone, blocks: [markdown(text)] };
}
