/**
 * Quoted prose that only repeats a quoted table row is left out of the answer.
 */
import { VALUE_TOKEN_RE } from "./cells.ts";
import { pageAtOffset } from "./pages.ts";
import type { Cand } from "./select.ts";

/**
 * Drops quoted prose that only repeats a quoted record: a sentence of the same document and page
 * whose amounts and percentages all occur in the records quoted (the table row's cells read as
 * running text, e.g. "— None — Not covered $75 copay per visit …"). A sentence without such a
 * value stays.
 * @param picked the picked sentences (changed in place)
 */
export function dropRecordEchoes(picked: Set<Cand>): void {
  const values = new Map<string, Set<string>>();
  for (const c of picked) {
    if (!c.chunk.record) continue;
    const key = `${c.chunk.documentId}#${c.chunk.pageStart}`;
    const set = values.get(key) ?? new Set<string>();
    for (const v of c.text.match(VALUE_TOKEN_RE) ?? []) set.add(v);
    values.set(key, set);
  }
  if (values.size === 0) return;
  for (const c of [...picked]) {
    if (c.chunk.record) continue;
    const own = c.text.match(VALUE_TOKEN_RE) ?? [];
    const rec = values.get(`${c.chunk.documentId}#${pageAtOffset(c.chunk, c.start)}`);
    if (rec && own.length > 0 && own.every((v) => rec.has(v))) picked.delete(c);
  }
}
