import type { ListedSlot } from '../../application/list-slots.js';
import { slotJson } from './views.js';

/**
 * The JSON of each listing ListSlots answered, as bytes: it answers the same array again for as
 * long as the listing holds, and the same array in the same time zone is the same body, so the
 * listing is serialised once, not once per request. A listing ListSlots has let go takes its body with it.
 */
const bodies = new WeakMap<readonly ListedSlot[], { timeZone: string; body: Buffer }>();

export function slotListingBody(slots: readonly ListedSlot[], timeZone: string): Buffer {
  const kept = bodies.get(slots);
  if (kept?.timeZone === timeZone) return kept.body;
  const body = Buffer.from(JSON.stringify({ slots: slots.map((slot) => slotJson(slot, timeZone)) }));
  bodies.set(slots, { timeZone, body });
  return body;
}
