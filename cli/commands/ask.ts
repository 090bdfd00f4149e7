import { parseArgs } from "node:util";
import { USER_AGENT_KIND } from "../../actors/agent/index.ts";
import type { ChatTurnResult, ChatRequest } from "../../actors/messages.ts";
import { openNavigator, userByEmail } from "./open.ts";

/** `navigator ask "QUESTION" --user EMAIL [--json]`: answers from that user's documents. */
export async function ask(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { user: { type: "string" }, json: { type: "boolean" } } });
  const question = positionals.join(" ").trim();
  if (!values.user || !question) {
    console.error('usage: navigator ask "QUESTION" --user EMAIL [--json]');
    return 2;
  }
  const nav = await openNavigator();
  try {
    const userId = await userByEmail(nav, values.user, false);
    const reply = await nav.system
      .ref<ChatRequest, ChatTurnResult>(USER_AGENT_KIND, userId)
      .ask({ type: "chat", v: 1, userId, message: question }, { timeoutMs: nav.config.chatTimeoutMs });
    if (values.json) {
      console.log(JSON.stringify(reply, null, 2));
    } else {
      console.log(reply.text);
      for (const [i, s] of reply.sources.entries()) console.log(`  [${i + 1}] ${s.filename}, page ${s.page} (score ${Math.round(s.score * 10_000) / 10_000})`);
    }
    return 0;
  } finally {
    await nav.close();
  }
}
