/**
 * Bounded FIFO queue of an activation. A ring buffer that starts small and doubles as needed up to
 * `capacity` (an idle actor with a 1024-message capacity must not cost 1024 slots): `offer` and
 * `take` are amortised O(1).
 */

/** Initial number of slots of a mailbox (grows by doubling, never beyond its capacity). */
const INITIAL_SLOTS = 8;

export class Mailbox<T> {
  #slots: (T | undefined)[];
  #head = 0;
  #size = 0;

  /**
   * @param capacity Maximum number of queued items, an integer >= 1.
   * @throws RangeError when `capacity` is not an integer >= 1.
   */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`mailbox capacity must be an integer >= 1, got ${String(capacity)}`);
    }
    this.#slots = new Array<T | undefined>(Math.min(capacity, INITIAL_SLOTS)).fill(undefined);
  }

  /** Number of queued items. */
  get size(): number {
    return this.#size;
  }

  /** True when `offer` would refuse an item. */
  get isFull(): boolean {
    return this.#size === this.capacity;
  }

  /** Appends `item` at the tail. Returns false (and keeps nothing) when the mailbox is full. */
  offer(item: T): boolean {
    if (this.#size === this.capacity) return false;
    if (this.#size === this.#slots.length) this.#grow();
    this.#slots[(this.#head + this.#size) % this.#slots.length] = item;
    this.#size++;
    return true;
  }

  /** Removes and returns the head item, or undefined when empty. */
  take(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#slots.length;
    this.#size--;
    return item;
  }

  /** Removes and returns every queued item, head first. */
  takeAll(): T[] {
    const items: T[] = [];
    while (this.#size > 0) items.push(this.take() as T);
    return items;
  }

  #grow(): void {
    const length = Math.min(this.#slots.length * 2, this.capacity);
    const slots = new Array<T | undefined>(length).fill(undefined);
    for (let i = 0; i < this.#size; i++) slots[i] = this.#slots[(this.#head + i) % this.#slots.length];
    this.#slots = slots;
    this.#head = 0;
  }
}
