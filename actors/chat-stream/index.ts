export { createChatStreamBus } from "./in-process.ts";
export { createNatsChatStreamBus, DEFAULT_CHAT_STREAM_SUBJECT } from "./nats.ts";
export type { NatsChatStreamBusOptions } from "./nats.ts";
export { checkStreamId, isChatStreamEvent, STREAM_ID_PATTERN, StreamIdError } from "./types.ts";
export type { ChatStreamBus, ChatStreamListener } from "./types.ts";
