/** Test doubles and fixtures shared by the ingestion, agent and restart tests. */
import type { IngestionQueue } from "../../actors/ingestion/index.ts";
import type { IngestDocument, IngestResult } from "../../actors/messages.ts";

/** An IngestionQueue that only records what was enqueued (nothing runs). */
export interface RecordingQueue extends IngestionQueue {
  readonly enqueued: IngestDocument[];
}

/** Creates a {@link RecordingQueue}. */
export function createRecordingQueue(): RecordingQueue {
  const enqueued: IngestDocument[] = [];
  return {
    enqueued,
    async enqueue(job) {
      enqueued.push(job);
    },
    async requeueUnfinished() {
      return 0;
    },
    whenDone: () => new Promise<IngestResult>(() => {}),
    get pending() {
      return enqueued.length;
    },
    async close() {},
  };
}

const SUBJECTS = ["the annual deductible", "the specialist copay", "the emergency room charge", "the generic drug price", "the hospital stay fee", "the imaging cost", "the therapy visit charge"];
const PLACES = ["in the network", "out of the network", "at a retail pharmacy", "by mail order", "at an urgent care center", "for a child", "for an adult", "during a hospital stay", "after prior authorization", "before the deductible", "with a referral"];
const UNITS = ["dollars", "dollars per visit", "dollars per day", "dollars per prescription", "percent coinsurance"];

/**
 * `count` distinct insurance-style sentences numbered from `from`, each over 40 characters (so any
 * five make a chunk) that end in a word, not a number (a wrapped line starting `71.` would read as
 * a list item). Wording rotates through word lists of coprime lengths so that no wrapped line
 * repeats on most pages (the PDF reader would strip it as a running header or footer).
 */
export function numberedSentences(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return `Under item ${i}, ${SUBJECTS[i % SUBJECTS.length]} ${PLACES[i % PLACES.length]} is ${10 + (i % 490)} ${UNITS[i % UNITS.length]}.`;
  });
}
