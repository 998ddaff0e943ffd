import type { Appointment } from '../domain/appointment.js';
import type { StampedTurn } from '../domain/conversation.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { OptOuts } from '../ports/opt-outs.js';

/** One thing said in a conversation, as staff read it: who said it, what, and when. */
export interface SaidLine {
  role: 'patient' | 'receptionist';
  text: string;
  at: number;
}

/** What the front desk sees of one patient of the clinic. */
export interface PatientFile {
  patient: PhoneNumber;
  /** Booked and cancelled, the latest start first. */
  appointments: Appointment[];
  /** The conversation as the store keeps it (its recent window), in the order it was said. */
  conversation: SaidLine[];
  optedOut: boolean;
}

/**
 * For staff: one patient's appointments, recent conversation and opt-out, all of the clinic whose
 * stores these are. The conversation shows only words: tool calls and their results are how the
 * receptionist worked, not what was said.
 */
export class PatientRecord {
  constructor(
    private readonly store: BookingStore,
    private readonly conversations: ConversationStore,
    private readonly optOuts: OptOuts,
    private readonly clock: Clock,
  ) {}

  async execute(patient: PhoneNumber): Promise<PatientFile> {
    const [appointments, turns, optedOut] = await Promise.all([
      this.store.appointmentsOf(patient),
      this.conversations.recentStamped(patient, this.clock.now()),
      this.optOuts.isOptedOut(patient),
    ]);
    return {
      patient,
      appointments: [...appointments].sort((a, b) => b.start - a.start || b.createdAt - a.createdAt),
      conversation: turns.flatMap(saidLine),
      optedOut,
    };
  }
}

function saidLine({ turn, at }: StampedTurn): SaidLine[] {
  if (turn.role === 'tool' || turn.text === undefined || turn.text === '') return [];
  return [{ role: turn.role, text: turn.text, at }];
}
