/**
 * A light, deterministic suffix stemmer for English insurance text. Deliberately conservative
 * (a subset of Porter step 1 plus British→American "-isation"): it conflates plurals and simple
 * verb forms ("visits"→"visit", "covered"→"cover", "hospitalisation"→"hospitalization") without
 * the over-stemming of full Porter that merges unrelated insurance terms.
 */

const VOWEL = /[aeiouy]/;

/**
 * Stems one lower-case word. Words of 3 letters or fewer are returned unchanged.
 * @param word lower-case, accent-folded word without punctuation
 * @returns the stem (never empty)
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  w = w.replace(/isation(s?)$/, "ization$1").replace(/ise(d|s)?$/, (m) => (w.length > 6 ? m.replace("is", "iz") : m));
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/ie[sd]$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing") && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.length > 5 && w.endsWith("ed") && !w.endsWith("eed") && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  else if (w.length > 4 && w.endsWith("e") && !/(ee|ie|ye)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** "admitt" → "admit", "stopp" → "stop"; keeps "ll"/"ss"/"zz" doubles. */
function undouble(w: string): string {
  const n = w.length;
  if (n >= 2 && w[n - 1] === w[n - 2] && !/[lsz]/.test(w[n - 1] ?? "")) return w.slice(0, -1);
  return w;
}
