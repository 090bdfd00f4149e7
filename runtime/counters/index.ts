export { createMemoryCounterStore, MEMORY_COUNTERS_SWEEP_ENTRIES, windowOf } from "./counters.ts";
export type { CounterStore, WindowCount } from "./counters.ts";
export { COUNTER_CAS_ATTEMPTS, createNatsCounterStore } from "./nats-counters.ts";
export type { NatsCounterOptions } from "./nats-counters.ts";
