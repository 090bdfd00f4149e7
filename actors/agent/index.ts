export { chunkSources, createUserAgentBehavior, isAgentFailure, toSources, USER_AGENT_KIND, CONVERSATION_TITLE_CHARS } from "./user-agent.ts";
export type { UserAgentDeps } from "./user-agent.ts";
