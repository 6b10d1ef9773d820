// The neutral card tree. The core builds these; each adapter renders them (Feishu JSON 2.0,
// WeCom template card, console HTML) or falls back to text with reply commands for buttons.
import type { Level } from '../levels';
import type { Md } from './markup';

export interface Card {
  title: string;
  /** Colours the header; absent for neutral replies. */
  level?: Level | undefined;
  /** Header tone when there is no level: ok (green), warn (amber), error (red), info, closed (grey: a closed incident). */
  tone?: 'ok' | 'warn' | 'error' | 'info' | 'closed' | undefined;
  blocks: Block[];
  /** People to @mention. `userId` is filled per platform when the message is queued. */
  mentions?: Mention[] | undefined;
}

export type Block =
  /** Our markdown (see markup.ts): people's words inside it are fenced, never markup. */
  | { type: 'markdown'; text: string }
  /** Plain text shown verbatim: no markdown, so no disguised links or mentions. */
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
export type ButtonAction = 'claim' | 'approve' | 'reject' | 'confirmWarning' | 'adjustWarning' | 'ignoreWarning' | 'signReview';

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

export function markdown(text: Md): Block {
  return { type: 'markdown', text: text.source };
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

/** A reply of one block: plain text (it may quote what someone typed), or markdown made with `md`. */
export function textCard(title: string, text: string | Md, tone?: Card['tone']): Card {
  return { title, tone, blocks: [typeof text === 'string' ? plain(text) : markdown(text)] };
}
