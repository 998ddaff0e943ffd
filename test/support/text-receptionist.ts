import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryConversationStore } from '../../src/adapters/memory/in-memory-conversation-store.js';
import { InMemoryPatientProfiles } from '../../src/adapters/memory/in-memory-patient-profiles.js';
import { InMemoryStaffCallbacks } from '../../src/adapters/memory/in-memory-staff-callbacks.js';
import { BookingTools } from '../../src/application/booking-tools.js';
import { PatientNames } from '../../src/application/patient-names.js';
import { ReceptionistAgent } from '../../src/application/receptionist-agent.js';
import type { LanguageModel } from '../../src/ports/language-model.js';
import { bookingUseCases } from './booking-use-cases.js';
import { aClinic } from './clinic-builder.js';
import { FixedClock } from './fixed-clock.js';
import { ENGLISH } from './language-packs.js';
import { metricsFor } from './metrics.js';
import { NO_STAFF_ALERTS } from './staff-alerts.js';
import { silentLogger } from './test-server.js';
import { MONDAY_8AM } from './times.js';

/**
 * The text receptionist on `model`, with in-memory stores and the default limits, its clock at Monday
 * 08:00; `Tools` lets a test watch the tool calls that reach the booking tools. With `names`, the
 * receptionist knows patients' names and asks for them; without, it keeps none.
 */
export function aTextReceptionist<Tools extends BookingTools>(
  model: LanguageModel,
  Tools: new (...args: ConstructorParameters<typeof BookingTools>) => Tools = BookingTools as never,
  names?: PatientNames,
) {
  const clinic = aClinic();
  const clock = new FixedClock(MONDAY_8AM);
  const store = new InMemoryBookingStore();
  const tools = new Tools(
    bookingUseCases(store, clock, clinic),
    clinic,
    clock,
    new InMemoryStaffCallbacks(),
    NO_STAFF_ALERTS,
    names ?? new PatientNames(new InMemoryPatientProfiles()),
  );
  const agent = new ReceptionistAgent(
    model,
    undefined,
    tools,
    new InMemoryConversationStore(),
    clinic,
    clock,
    silentLogger,
    metricsFor(store, clock),
    ENGLISH,
    names,
  );
  return { agent, tools, clinic, clock };
}
