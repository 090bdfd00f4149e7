/**
 * Citation markers of a streamed LLM answer. The model cites the numbered excerpts it was given
 * (`[3]`, `[1, 4]`, `[2][5]`); the answer's own markers must count `1, 2, …` in order of first
 * appearance with `[n]` → `citations[n - 1]`. Rewriting happens while the text streams, so the
 * streamed pieces concatenated are exactly the final text.
 */

/** Longest text held back while it may still become a marker (`[12, 3, 45]` fits). */
export const MAX_MARKER_CHARS = 32;

/** A streaming marker rewriter; see {@link createCitationRewriter}. */
export interface CitationRewriter {
  /** Feeds the next piece of model output; returns the text that is now safe to emit (maybe ""). */
  push(piece: string): string;
  /** Ends the stream; returns whatever was held back (an unfinished `[…` is emitted as it was). */
  end(): string;
  /** 0-based excerpt indexes cited, in order of their new numbers (`[1]` first). */
  cited(): readonly number[];
  /** Numbers inside markers that pointed at no excerpt and were dropped, so far. */
  dropped(): number;
}

const COMPLETE = /^\[\s*\d{1,4}(?:\s*,\s*\d{1,4})*\s*\]/;
const PARTIAL = /^\[[\d\s,]*$/;

/**
 * Creates a rewriter for answers over `excerptCount` numbered excerpts (1-based in the prompt):
 * each marker is renumbered by first appearance; a list `[1, 3]` becomes `[1][2]`; numbers that
 * point at no excerpt are dropped (a marker with none left disappears).
 */
export function createCitationRewriter(excerptCount: number): CitationRewriter {
  const order: number[] = [];
  const numberOf = new Map<number, number>();
  let held = "";
  let dropped = 0;

  const rewrite = (marker: string): string =>
    (marker.match(/\d+/g) ?? [])
      .map(Number)
      .filter((n) => (n >= 1 && n <= excerptCount) || (dropped++, false))
      .map((n) => {
        if (!numberOf.has(n)) {
          order.push(n - 1);
          numberOf.set(n, order.length);
        }
        return numberOf.get(n)!;
      })
      .filter((k, i, all) => all.indexOf(k) === i)
      .map((k) => `[${k}]`)
      .join("");

  const drain = (final: boolean): string => {
    let out = "";
    while (held.length > 0) {
      const open = held.indexOf("[");
      if (open < 0) {
        out += held;
        held = "";
        break;
      }
      out += held.slice(0, open);
      held = held.slice(open);
      const complete = COMPLETE.exec(held);
      if (complete) {
        out += rewrite(complete[0]);
        held = held.slice(complete[0].length);
        continue;
      }
      if (!final && PARTIAL.test(held) && held.length < MAX_MARKER_CHARS) break;
      out += "[";
      held = held.slice(1);
    }
    return out;
  };

  return {
    push(piece) {
      held += piece;
      return drain(false);
    },
    end() {
      return drain(true);
    },
    dropped: () => dropped,
    cited: () => order,
  };
}

/**
 * Rewrites a whole answer at once (same rules as {@link createCitationRewriter}).
 * @returns the rewritten text and the 0-based excerpt indexes cited, in citation order
 */
export function rewriteCitations(text: string, excerptCount: number): { text: string; cited: readonly number[] } {
  const r = createCitationRewriter(excerptCount);
  const out = r.push(text) + r.end();
  return { text: out, cited: r.cited() };
}
