// The instants the tests' day turns on: Monday 2 March 2026 in New York (UTC-5), where the test
// clinic (aClinic) is open 09:00 to 12:00 on weekdays. Epoch milliseconds, as a Clock tells time.

/** Before opening: where a test server's clock starts, the slots of the day all ahead of it. */
export const MONDAY_8AM = Date.parse('2026-03-02T08:00:00-05:00');
/** Opening time, and the start of the first slot. */
export const MONDAY_9AM = Date.parse('2026-03-02T09:00:00-05:00');
/** The clinic is open. */
export const MONDAY_10AM = Date.parse('2026-03-02T10:00:00-05:00');
/** The clinic is closed for the day. */
export const MONDAY_6PM = Date.parse('2026-03-02T18:00:00-05:00');
/** 23:30 in New York, already Tuesday 3 March in UTC: "tomorrow" must still mean Tuesday. */
export const MONDAY_LATE_EVENING = Date.parse('2026-03-02T23:30:00-05:00');

/** Years away from the real clock: a store that reads the clock instead of the `now` it is given fails. */
export const YEARS_AHEAD = Date.UTC(2031, 2, 3, 14, 0);
