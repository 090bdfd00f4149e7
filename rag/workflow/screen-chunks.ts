/**
 * The `screen` step: retrieved document text is data, never instructions. Active content (HTML,
 * script, markdown images and links; ./active-content.ts) and sentences of a chunk that read as
 * injected instructions or requests for credentials are blanked before the synthesizer (or the
 * reply's sources) see them, so they can neither steer an answer nor be quoted nor run.
 */
import type { RetrievedChunk } from "../types.ts";
import { neutralizeActiveContent } from "./active-content.ts";
import { screenInjection, type InjectionKind } from "./injection.ts";

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
export function screenChunks(chunks: readonly RetrievedChunk[], candidates: readonly RetrievedChunk[]): ScreenedChunks {
  const screened = new Map<string, RetrievedChunk | null>();
  const flags: ChunkInjectionFlag[] = [];
  const screen = (c: RetrievedChunk): RetrievedChunk | null => {
    const known = screened.get(c.chunkId);
    if (known !== undefined) return known;
    // Active content (HTML, script, markdown images and links) is blanked first, in place.
    const neutral = neutralizeActiveContent(c.text);
    const result = screenInjection(neutral, { unit: "sentence" });
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
