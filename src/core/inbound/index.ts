// The core's public inbound surface: the events an adapter decodes, the one receive() call that
// takes them, and the read-only directory of the organisation's chats and people.
// Adapters import the core only through this module and src/core/outbound (a boundary test).
import type { Core } from '../context';
import { directory, type Directory } from './directory';
import { receiver, type Delivery, type Receive } from './receive';

export type { HandleResult, InboundAction, InboundChatChange, InboundEvent, InboundMessage, InboundRefresh, Newcomer, ReceivedEvent, Sender } from './event';
export type { Delivery, Receive, Received, ReceiveOptions } from './receive';
export type { Directory, DirectoryChat, DirectoryPerson } from './directory';

export interface Inbound {
  receive: Receive;
  directory: Directory;
}

export function createInbound(core: Core, delivery: Delivery): Inbound {
  return { receive: receiver(core, delivery), directory: directory(core) };
}
