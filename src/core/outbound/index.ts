// The core's public outbound surface: what an adapter needs to draw and deliver a message — the
// neutral card, its text fallback, the port the delivery calls, and the errors it may throw.
// Adapters import the core only through this module and src/core/inbound (a boundary test).
export type { Block, Button, ButtonAction, Card, Field, Mention } from '../cards/card';
export { textCard } from '../cards/card';
export { buttonReplyCommand, cardToText } from '../cards/text-fallback';
export { inertWords, renderMarkdown, type MarkdownDialect } from '../cards/markup';
export type { Clock } from '../clock';
export type { Level } from '../levels';
export { clockTime } from '../time';
export { PermanentDeliveryError, RetryLaterError, type AdapterCapabilities, type PlatformAdapter, type RateLimit, type SendTarget } from '../ports';
