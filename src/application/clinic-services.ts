import type { Clinic } from '../domain/clinic.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { ApplyClinicSchedule } from './apply-clinic-schedule.js';
import type { BlockTime } from './block-time.js';
import type { BookingUseCases } from './booking-use-cases.js';
import type { ClinicActivity } from './clinic-activity.js';
import type { DispatchNotifications } from './dispatch-notifications.js';
import type { FrontDesk } from './front-desk.js';
import type { InboundText } from './inbound-text.js';
import type { ListStaffCallbacks } from './list-staff-callbacks.js';
import type { PatientLanguages } from './patient-languages.js';
import type { PatientNames } from './patient-names.js';
import type { PatientRecord } from './patient-record.js';
import type { ProviderCalendar } from './provider-calendar.js';
import type { PublishSlots } from './publish-slots.js';
import type { ReceptionistAgent } from './receptionist-agent.js';
import type { ReplyToText } from './reply-to-text.js';
import type { ResolveStaffCallback } from './resolve-staff-callback.js';
import type { SlotWatcher } from './slot-watcher.js';
import type { UnblockTime } from './unblock-time.js';
import type { CallParty, VoiceCall } from './voice-call.js';

/** Everything that serves one clinic: its bookings, its receptionist on every channel, its rounds. */
export interface ClinicServices {
  clinic: Clinic;
  useCases: BookingUseCases;
  callbacks: { list: ListStaffCallbacks; resolve: ResolveStaffCallback };
  /** Staff's: time taken out of the schedule and given back. */
  blockedTime: { block: BlockTime; unblock: UnblockTime };
  /** What the clinic's charts show, day by day. */
  activity: ClinicActivity;
  /** Each provider's calendar feed, at its secret URL. */
  calendar: ProviderCalendar;
  inbound: InboundText;
  replies: ReplyToText;
  agent: ReceptionistAgent;
  /** Each patient's language, and the clinic's words in it. */
  languages: PatientLanguages;
  /** What each patient is called, for greeting them and showing them to staff. */
  names: PatientNames;
  frontDesk: FrontDesk;
  publishSlots: PublishSlots;
  /** Retires the free slots the clinic's schedule no longer makes; lists the taken ones for staff. */
  schedule: ApplyClinicSchedule;
  dispatcher: DispatchNotifications;
  /** What the outbox owes, read for the metrics alone. */
  outbox: Pick<BookingStore, 'dueNotifications'>;
  startCall: (party: CallParty) => VoiceCall;
  /** For staff: which slots change, as they change; one patient's page. */
  slotChanges: SlotWatcher;
  patientRecord: PatientRecord;
  /** Resolves when the clinic's store answers; rejects with StoreUnavailableError when it does not. */
  ready(): Promise<void>;
}
