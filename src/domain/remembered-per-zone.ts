/**
 * A zone's slot starts and ends repeat (every listing, every reply), but instants such as a hold's
 * expiry are new each time and would fill the memory with ones never asked for again: 10,000 a zone
 * holds every start and end of a year of half-hour slots, and is a few MiB at most.
 */
export const REMEMBERED_PER_ZONE = 10_000;

/**
 * What was worked out for a zone, by instant or local time: at most `bound` a zone, forgotten all at
 * once when full. Under its zone, an instant is its own key: a key built as a string for every
 * look-up cost more than the look-up, and a listing looks up two for each slot.
 */
export function rememberedPerZone<K, V>(bound = REMEMBERED_PER_ZONE): (timeZone: string, key: K, work: () => V) => V {
  const zones = new Map<string, Map<K, V>>();
  return (timeZone, key, work) => {
    let known = zones.get(timeZone);
    if (!known) {
      known = new Map();
      zones.set(timeZone, known);
    }
    const value = known.get(key);
    if (value !== undefined) return value;
    const worked = work();
    if (known.size >= bound) known.clear();
    known.set(key, worked);
    return worked;
  };
}
