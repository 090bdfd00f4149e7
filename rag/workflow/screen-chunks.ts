/**
 * The `screen` step: retrieved document text is data, never instructions. Active content (HTML,
 * script, markdown images and links; ./active-content.ts) and sentences of a chunk that read as
 * injected instructions or requests for credentials are blanked before the synthesizer (or the
 * reply's sources) see them, so they can neither steer an answer nor be quoted nor run.
 */
import { createTextMemo, type TextMemo } from "../text/memo.ts";
import type { RetrievedChunk } from "../types.ts";
import { neutralizeActiveContent } from "./active-content.ts";
import { screenInjection, type InjectionKind, type InjectionScreen } from "./injection.ts";

/**
 * Distinct chunk texts whose screen {@link createChunkScreener} keeps (least recently used out).
 * The screen of a text never changes, and a member asks about the same chunks again and again;
 * an entry is the neutralised text and the screen's verdict (≈ the chunk's size when clean).
 */
export const DEFAULT_SCREEN_MEMO_CHUNKS = 4096;

/** The screen of one chunk text: after active content is blanked, and the injection verdict on that. */
export interface TextScreen {
  readonly neutral: string;
  readonly result: InjectionScreen;
}

/** One chunk whose text was neutralised. */
export interface ChunkInjectionFlag {
  readonly documentId: string;
  readonly filename: string;
  /** The chunk's ordinal in its document (the API's `chunk_index`). */
  readonly chunkIndex: number;
  /** First page of the chunk (1-based physical page). */
  readonly page: number;
  readonly kinds: readonly InjectionKind[];
  /** Sentences removed from it. */
  readonly removedSentences: number;
  /** True when nothing usable was left and the chunk was dropped. */
  readonly dropped: boolean;
}

/** The screened retrieval. */
export interface ScreenedChunks {
  /** The chunks in the same order, neutralised; dropped ones are gone. */
  readonly chunks: RetrievedChunk[];
  /** Every reranked candidate, screened the same way. */
  readonly candidates: RetrievedChunk[];
  /** One entry per distinct neutralised chunk (none when the text was clean). */
  readonly flags: ChunkInjectionFlag[];
}

/**
 * Screens the retrieved chunks and candidates (see {@link screenInjection}, sentence unit). Each
 * distinct chunk (by `chunkId`) is screened once. A flagged chunk keeps its other sentences at
 * their offsets (so page mapping is unchanged); a chunk with nothing else left is dropped.
 * @param chunks the top chunks (what the reply lists and the answer may quote)
 * @param candidates all reranked candidates (term statistics)
 */
export function screenChunks(chunks: readonly RetrievedChunk[], candidates: readonly RetrievedChunk[], memo?: TextMemo<TextScreen>): ScreenedChunks {
  const screened = new Map<string, RetrievedChunk | null>();
  const flags: ChunkInjectionFlag[] = [];
  const screen = (c: RetrievedChunk): RetrievedChunk | null => {
    const known = screened.get(c.chunkId);
    if (known !== undefined) return known;
    // Active content (HTML, script, markdown images and links) is blanked first, in place.
    const { neutral, result } = memo ? memo.get(c.text, screenText) : screenText(c.text);
    let out: RetrievedChunk | null = neutral === c.text ? c : { ...c, text: neutral };
    if (result.flagged || neutral !== c.text) {
      const text = result.flagged ? result.sanitized : neutral;
      out = /[\p{L}\p{N}]/u.test(text) ? { ...c, text } : null;
      flags.push({
        documentId: c.documentId,
        filename: c.filename,
        chunkIndex: c.ordinal,
        page: c.pageStart,
        kinds: neutral === c.text ? result.kinds : ["active_content", ...result.kinds],
        removedSentences: result.removed.length,
        dropped: out === null,
      });
    }
    screened.set(c.chunkId, out);
    return out;
  };
  const keep = (list: readonly RetrievedChunk[]) => list.map(screen).filter((c): c is RetrievedChunk => c !== null);
  return { chunks: keep(chunks), candidates: keep(candidates), flags };
}

/** Active content blanked, then the injection screen (sentence unit) of what is left. */
function screenText(text: string): TextScreen {
  const neutral = neutralizeActiveContent(text);
  return { neutral, result: screenInjection(neutral, { unit: "sentence" }) };
}

/**
 * {@link screenChunks} with each distinct text screened once across calls (a bounded memo: the
 * screen is a pure function of the text). One per agent workflow.
 * @param options `maxChunks`: texts kept, default {@link DEFAULT_SCREEN_MEMO_CHUNKS}
 * @throws RangeError when `maxChunks` is not a positive integer
 */
export function createChunkScreener(options: { maxChunks?: number } = {}): (chunks: readonly RetrievedChunk[], candidates: readonly RetrievedChunk[]) => ScreenedChunks {
  const memo = createTextMemo<TextScreen>(options.maxChunks ?? DEFAULT_SCREEN_MEMO_CHUNKS);
  return (chunks, candidates) => screenChunks(chunks, candidates, memo);
}
