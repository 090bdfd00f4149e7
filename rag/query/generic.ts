/**
 * Question vocabulary that does not name a topic: intent words ("cost", "cover", "need"),
 * quantity words ("much", "many", "long") and insurance-generic nouns present in every policy
 * ("plan", "policy", "insurance", "benefit"). Such words weigh little when the extractive
 * synthesizer chooses sentences. Stems as produced by the light tokeniser.
 */
import { stem } from "../text/light-stem.ts";

const WORDS =
  "much many long often quick quickly soon cost costs pay paid paying owe charge charged price need needs " +
  "cover covered coverage covers include included includes offer offered offers provide provided allow allowed " +
  "get give gives take takes make happen happens work works mean means describe described define defined definition " +
  "say says said tell explain mention mentioned list listed there any kind type types way ways extent condition " +
  "conditions rule rules plan plans policy policies insurance insurer insured benefit benefits document documents " +
  "year years yearly annual month months day days week weeks time times amount amounts number per each " +
  "limit limits maximum minimum total up end still ever able want know like go going see use used help " +
  "what's whats i'm im i've ive can't cant don't dont doesn't doesnt isn't isnt yes no not keep kept " +
  "someone anyone something anything us member members person people me myself family same another other " +
  // question framing: time/sequence/comparison words and light verbs that documents phrase differently
  "after before during while versus vs compared between instead else whether yet already again first next last " +
  "start starts started begin begins end ends reach reached went go goes come comes came count counts counted " +
  "happen happened put stand apply applies applied regard regarding concerning mind sure really actually exactly " +
  "haven't havent hasn't hasnt didn't didnt won't wont will would much more less most least enough " +
  "anything everything nothing specific particular general certain various different separate separately " +
  "called name named title";

/** Stemmed generic words (see module doc). */
export const GENERIC_QUESTION_TERMS: ReadonlySet<string> = new Set(WORDS.split(" ").map((w) => stem(w.replace(/'/g, ""))));
