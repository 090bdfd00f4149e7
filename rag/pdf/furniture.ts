/**
 * Removal of page furniture: running headers, footers and page numbers that repeat on most pages.
 *
 * Left in, they glue into the middle of sentences that continue across a page break
 * (`…you may ask them if 2025 Evidence of Coverage for SCAN Classic Chapter 4 … they can…`)
 * and make every chunk of a long document look alike to an embedder.
 */

/** How many non-empty lines at the top and at the bottom of a page are furniture candidates. */
export const FURNITURE_EDGE_LINES = 10;
/** A candidate line is furniture when it occurs on at least this share of the pages… */
export const FURNITURE_MIN_SHARE = 0.5;
/** …and on at least this many pages. */
export const FURNITURE_MIN_PAGES = 3;

/** Compares lines modulo page numbers, case and spacing: `Page 2 of 8` ≡ `Page 3 of 8`. */
function furnitureKey(line: string): string {
  return line.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

function edgeLineIndexes(lines: readonly string[]): number[] {
  const nonEmpty: number[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== "") nonEmpty.push(i);
  });
  if (nonEmpty.length <= 2 * FURNITURE_EDGE_LINES) return nonEmpty;
  return [...nonEmpty.slice(0, FURNITURE_EDGE_LINES), ...nonEmpty.slice(-FURNITURE_EDGE_LINES)];
}

/**
 * Removes running headers and footers. A line is *frequent* when it is among the first or last
 * {@link FURNITURE_EDGE_LINES} non-empty lines of at least {@link FURNITURE_MIN_SHARE} of the pages
 * and of {@link FURNITURE_MIN_PAGES} pages (compared with digits masked, so page numbers match).
 * On each page, frequent lines are removed walking inwards from the top and from the bottom,
 * stopping at the first line that is not frequent (at most `FURNITURE_EDGE_LINES` from each edge):
 * a repeated table cell such as `Not covered` is only removed if everything between it and the
 * page edge is furniture too. Documents with fewer pages than `FURNITURE_MIN_PAGES` are unchanged.
 *
 * @param pages normalised page texts (lines separated by `\n`)
 * @returns the page texts without furniture, blank-line runs collapsed again
 */
export function stripRepeatedLines(pages: readonly string[]): string[] {
  if (pages.length < FURNITURE_MIN_PAGES) return [...pages];
  const split = pages.map((p) => p.split("\n"));
  const counts = new Map<string, number>();
  for (const lines of split) {
    const seen = new Set(edgeLineIndexes(lines).map((i) => furnitureKey(lines[i]!)));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(FURNITURE_MIN_PAGES, Math.ceil(FURNITURE_MIN_SHARE * pages.length));
  return split.map((lines) => {
    const frequent = (i: number) => (counts.get(furnitureKey(lines[i]!)) ?? 0) >= threshold;
    const nonEmpty = lines.flatMap((l, i) => (l.trim() === "" ? [] : [i]));
    const drop = new Set<number>();
    for (const order of [nonEmpty, [...nonEmpty].reverse()]) {
      for (const i of order.slice(0, FURNITURE_EDGE_LINES)) {
        if (!frequent(i)) break;
        drop.add(i);
      }
    }
    if (drop.size === 0) return lines.join("\n");
    return lines
      .filter((_, i) => !drop.has(i))
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  });
}
