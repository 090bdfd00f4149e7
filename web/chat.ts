/**
 * The chat panel: questions go over the socket; the answer streams in (`delta`), then is drawn
 * with its `[n]` citations as links that open the cited PDF page beside the cited text;
 * suggested questions and next steps are buttons; past conversations are listed and reopened.
 */
import { apiError, type ApiClient } from "./api.ts";
import { button, byId, el } from "./dom.ts";
import type { ChatSocket, ReplyView, SourceView, TurnEventMessage } from "./socket.ts";

/** Conversations listed in the side panel (the API's page size allows 1–100). */
const CONVERSATIONS_LISTED = 20;

/** The panel's controller. */
export interface ChatPanel {
  /** Uses `socket` for the next turns. */
  attach(socket: ChatSocket): void;
  onTurn(event: TurnEventMessage): void;
  /** The socket dropped: turns in flight will not be answered. */
  onDisconnected(): void;
  refreshConversations(): Promise<void>;
  clear(): void;
}

interface PendingTurn {
  readonly item: HTMLLIElement;
  readonly text: HTMLParagraphElement;
  sources: readonly SourceView[];
  streamed: string;
}

/** Opens a source (the PDF viewer); `citation` is its `[n]`, 0 for a nearest passage (not a citation). */
export type OpenSource = (source: SourceView, citation: number) => void;

/** Wires the chat elements. */
export function createChatPanel(api: ApiClient, openSource: OpenSource, onUnauthorized: () => void): ChatPanel {
  const messages = byId<HTMLOListElement>("messages");
  const form = byId<HTMLFormElement>("ask-form");
  const question = byId<HTMLTextAreaElement>("question");
  const conversationList = byId<HTMLUListElement>("conversation-list");
  let socket: ChatSocket | undefined;
  let conversationId: string | undefined;
  let turnCounter = 0;
  const pending = new Map<string, PendingTurn>();

  const ask = (text: string) => {
    const message = text.trim();
    if (!message || !socket) return;
    const id = `t${++turnCounter}`;
    messages.append(el("li", { class: "msg user" }, el("p", {}, message)));
    const answer = el("p", { "aria-busy": "true" }, "…");
    const item = el("li", { class: "msg assistant", "data-turn": id }, answer);
    messages.append(item);
    pending.set(id, { item, text: answer, sources: [], streamed: "" });
    socket.chat({ id, message, ...(conversationId ? { conversation_id: conversationId } : {}) });
    item.scrollIntoView({ block: "nearest" });
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(question.value);
    question.value = "";
  });
  // Enter asks, Shift+Enter starts a new line.
  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  byId("new-conversation").addEventListener("click", () => {
    conversationId = undefined;
    messages.replaceChildren();
    markCurrent();
    question.focus();
  });

  /** Draws a finished answer into `item`. */
  const drawReply = (item: HTMLLIElement, reply: ReplyView) => {
    const lang = reply.language === "es" ? "es" : "en";
    item.setAttribute("lang", lang);
    item.replaceChildren(withCitations(reply.response, reply.sources, openSource));
    const es = lang === "es";
    for (const d of reply.pending_documents ?? []) {
      item.append(el("p", { class: "hint" }, es ? `Todavía leyendo ${d.filename}: aún no forma parte de las respuestas.` : `Still reading ${d.filename}: it is not part of answers yet.`));
    }
    for (const d of reply.failed_documents ?? []) {
      item.append(el("p", { class: "hint" }, es ? `No se pudo leer ${d.filename}.` : `${d.filename} could not be read.`));
    }
    if (reply.sources_role === "nearest" && reply.sources.length > 0) item.append(nearestList(reply.sources, lang, openSource));
    const cited = reply.sources_role === "nearest" ? [] : citedNumbers(reply.response, reply.sources.length);
    if (cited.length > 0) {
      const list = el("ol", { class: "sources", "aria-label": lang === "es" ? "Fuentes" : "Sources" });
      reply.sources.forEach((s, i) => {
        if (!cited.includes(i + 1)) return;
        const link = el("a", { href: `#open-source`, class: "cite" }, `${s.filename}, ${lang === "es" ? "página" : "page"} ${s.page}`);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          openSource(s, i + 1);
        });
        list.append(el("li", { value: i + 1 }, link));
      });
      item.append(list);
    }
    const chips = (title: string, entries: readonly string[] | undefined, onPick: (entry: string) => void) => {
      if (!entries || entries.length === 0) return;
      item.append(el("p", { class: "chips-title" }, title));
      item.append(el("div", { class: "chips" }, ...entries.map((entry) => button(entry, () => onPick(entry)))));
    };
    chips(lang === "es" ? "Próximos pasos" : "Next steps", reply.next_steps, (step) => ask(step));
    chips(lang === "es" ? "Preguntas sugeridas" : "Suggested questions", reply.suggested_questions, (q) => ask(q));
  };

  const markCurrent = () => {
    for (const b of conversationList.querySelectorAll("button")) {
      b.setAttribute("aria-current", String(b.dataset.conversationId === conversationId));
    }
  };

  const open = async (id: string) => {
    const res = await api.api.v2.conversations({ id }).get();
    if (res.error) {
      const e = apiError(res.error);
      if (e.status === 401) return onUnauthorized();
      messages.replaceChildren(el("li", { class: "msg error", role: "alert" }, e.message));
      return;
    }
    conversationId = id;
    messages.replaceChildren();
    for (const m of res.data.messages) {
      if (m.role === "user") {
        messages.append(el("li", { class: "msg user" }, el("p", {}, m.content)));
      } else {
        const item = el("li", { class: "msg assistant" });
        const meta = (m.metadata ?? {}) as Partial<ReplyView>;
        drawReply(item, {
          response: m.content,
          found: m.found ?? true,
          conversation_id: id,
          sources: (m.sources ?? []) as SourceView[],
          ...(meta.sources_role ? { sources_role: meta.sources_role } : {}),
          language: meta.language,
          next_steps: meta.next_steps,
          suggested_questions: meta.suggested_questions,
        });
        messages.append(item);
      }
    }
    markCurrent();
    question.focus();
  };

  return {
    attach(next) {
      socket = next;
    },
    onTurn(event) {
      const turn = pending.get(event.id);
      if (!turn) return;
      switch (event.type) {
        case "meta":
          if (conversationId !== event.conversation_id) {
            conversationId = event.conversation_id;
            void this.refreshConversations();
          }
          break;
        case "sources":
          turn.sources = event.sources;
          break;
        case "delta":
          turn.streamed += event.text;
          turn.text.textContent = turn.streamed;
          break;
        case "done":
          pending.delete(event.id);
          drawReply(turn.item, event);
          void this.refreshConversations();
          break;
        case "error":
          pending.delete(event.id);
          turn.item.className = "msg error";
          turn.item.setAttribute("role", "alert");
          turn.item.replaceChildren(el("p", {}, turnErrorWords(event.code, event.message)));
          break;
      }
    },
    onDisconnected() {
      for (const [id, turn] of pending) {
        pending.delete(id);
        turn.item.className = "msg error";
        turn.item.replaceChildren(el("p", {}, "The connection dropped before the answer came. Please ask again."));
      }
    },
    async refreshConversations() {
      const res = await api.api.v2.conversations.get({ query: { limit: String(CONVERSATIONS_LISTED) } });
      if (res.error) return;
      conversationList.replaceChildren(
        ...res.data.conversations.map((c) => {
          const b = button(c.title || "Untitled conversation", () => void open(c.conversation_id), { "data-conversation-id": c.conversation_id });
          return el("li", {}, b);
        }),
      );
      markCurrent();
    },
    clear() {
      conversationId = undefined;
      pending.clear();
      messages.replaceChildren();
      conversationList.replaceChildren();
    },
  };
}

/**
 * The nearest passages of an answer that found nothing: labelled as such, never as citations;
 * one link per page (the best passage on it), which opens the page like a source.
 */
function nearestList(sources: readonly SourceView[], lang: "en" | "es", openSource: OpenSource): HTMLElement {
  const title = lang === "es" ? "Pasajes más cercanos (no se encontró respuesta)" : "Closest passages (no answer found)";
  const list = el("ul", { class: "sources nearest", "aria-label": title });
  const pages = new Set<string>();
  for (const s of sources) {
    const page = `${s.document_id}#${s.page}`;
    if (pages.has(page)) continue;
    pages.add(page);
    const link = el("a", { href: `#open-source`, class: "nearest-source" }, `${s.filename}, ${lang === "es" ? "página" : "page"} ${s.page}`);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      openSource(s, 0);
    });
    list.append(el("li", {}, link));
  }
  return el("div", { class: "nearest-passages" }, el("p", { class: "chips-title" }, title), list);
}

/** Numbers `n` of the `[n]` markers in `text` that name one of `count` sources, in order of first use. */
export function citedNumbers(text: string, count: number): number[] {
  const seen: number[] = [];
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const n = Number(match[1]);
    if (n >= 1 && n <= count && !seen.includes(n)) seen.push(n);
  }
  return seen;
}

/** A paragraph of `text` whose `[n]` markers are links opening `sources[n-1]`. */
function withCitations(text: string, sources: readonly SourceView[], openSource: OpenSource): HTMLParagraphElement {
  const p = el("p");
  let last = 0;
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const n = Number(match[1]);
    const source = sources[n - 1];
    if (!source) continue;
    p.append(text.slice(last, match.index));
    const link = el("a", { href: "#open-source", class: "cite", "aria-label": `Source ${n}: ${source.filename}, page ${source.page}` }, `[${n}]`);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      openSource(source, n);
    });
    p.append(link);
    last = match.index + match[0].length;
  }
  p.append(text.slice(last));
  return p;
}

/** Plain words for a failed turn. */
function turnErrorWords(code: string, message: string): string {
  switch (code) {
    case "mailbox_full":
    case "overloaded":
    case "ask_timeout":
    case "node_unreachable":
      return "Navigator is busy right now. Please ask again in a moment.";
    case "message_too_long":
      return "That question is too long. Please shorten it.";
    case "not_found":
      return "That conversation no longer exists. Start a new one.";
    default:
      return message;
  }
}
