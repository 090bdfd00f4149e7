export { chunkSources, createUserAgentBehavior, isAgentFailure, toSources, USER_AGENT_KIND, CONVERSATION_TITLE_CHARS, HISTORY_TURNS } from "./user-agent.ts";
export type { UserAgentDeps } from "./user-agent.ts";
export { createAgentWorkflow, WORKFLOW_STEPS } from "./workflow.ts";
export type { AgentWorkflow, AgentWorkflowDeps, WorkflowHooks, WorkflowResult, WorkflowTurn } from "./workflow.ts";
export type { ChatObserver, ChatOutcome } from "./observer.ts";
