import { type Slot, type SlotId, statusAt } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';

/** Runs `task` every `everyMs` until the returned function is called. */
export type Repeat = (everyMs: number, task: () => void) => () => void;

/** Told the ids of the slots, starting in its span, that changed since it was last told. */
export type SlotsChanged = (slotIds: SlotId[]) => void;

interface Watch {
  from: number;
  to: number;
  changed: SlotsChanged;
}

type Span = [from: number, to: number];

/**
 * Tells the clinic's open consoles which slots changed, on any channel and on any server sharing the
 * store. The stores have no change feed, so it reads: every `everyMs`, while anyone watches, it reads
 * the slots of the spans watched (overlapping spans once) and compares each slot with its last read.
 * A slot changed when its version moved, when its status at that moment differs (a hold expires by
 * rule, with no write), when it appeared in a span read before (published) or is gone (retired).
 * One read per tick however many watch; no read and no timer once the last has left.
 */
export class SlotWatcher {
  private readonly watches = new Set<Watch>();
  /** Each slot's state at the last read, and the spans that read covered. */
  private seen = new Map<SlotId, { start: number; state: string }>();
  private covered: Span[] = [];
  private stopRepeating?: () => void;
  /** Reads never overlap: a tick due while one runs waits for it, then reads anew. */
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<BookingStore, 'slotsBetween'>,
    private readonly clock: Clock,
    private readonly repeat: Repeat,
    private readonly everyMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Watches the slots starting in [from, to). Resolves once their state is read, so every change after
   * that is told; rejects, watching nothing, when that read fails. What it resolves to stops the watch.
   */
  async watch(from: number, to: number, changed: SlotsChanged): Promise<() => void> {
    const watch: Watch = { from, to, changed };
    this.watches.add(watch);
    try {
      await this.tick();
    } catch (error) {
      this.unwatch(watch);
      throw error;
    }
    this.stopRepeating ??= this.repeat(this.everyMs, () => {
      this.tick().catch((err: unknown) => this.logger.warn({ err }, 'reading slots for live updates failed'));
    });
    return () => this.unwatch(watch);
  }

  private unwatch(watch: Watch): void {
    this.watches.delete(watch);
    if (this.watches.size > 0) return;
    this.stopRepeating?.();
    this.stopRepeating = undefined;
    this.seen = new Map();
    this.covered = [];
  }

  private tick(): Promise<void> {
    const next = this.reading.catch(() => undefined).then(() => this.read());
    this.reading = next;
    return next;
  }

  private async read(): Promise<void> {
    const spans = merged([...this.watches].map(({ from, to }): Span => [from, to]));
    if (spans.length === 0) return;
    const slots = (await Promise.all(spans.map(([from, to]) => this.store.slotsBetween(from, to)))).flat();
    // Everyone left while it read: the next watch starts from a read of its own.
    if (this.watches.size === 0) return;
    const now = this.clock.now();
    const seen = new Map(slots.map((slot) => [slot.slotId, { start: slot.start, state: stateOf(slot, now) }]));
    const changed: { slotId: SlotId; start: number }[] = [];
    for (const [slotId, { start, state }] of seen) {
      const before = this.seen.get(slotId);
      if (before ? before.state !== state : within(this.covered, start)) changed.push({ slotId, start });
    }
    for (const [slotId, { start }] of this.seen)
      if (!seen.has(slotId) && within(spans, start) && within(this.covered, start)) changed.push({ slotId, start });
    this.seen = seen;
    this.covered = spans;
    if (changed.length === 0) return;
    for (const { from, to, changed: tell } of this.watches) {
      const slotIds = changed.filter(({ start }) => start >= from && start < to).map(({ slotId }) => slotId);
      if (slotIds.length > 0) tell(slotIds);
    }
  }
}

/** What a console shows of a slot: it changed when this did. */
const stateOf = (slot: Slot, now: number) => `${slot.version}:${statusAt(slot, now)}`;

const within = (spans: readonly Span[], instant: number) => spans.some(([from, to]) => instant >= from && instant < to);

/** The spans, overlapping and touching ones made one, in order. */
function merged(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const [from, to] of sorted) {
    const last = out.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}
