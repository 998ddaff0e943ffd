type Status = 'BOOKED' | 'CANCELLED';

/** What the store must show for an appointment a client was told it had, given what it did since. */
export interface ExpectedAppointment {
  patient: string;
  /** The slot the last answered change put it on, and any a move went unanswered to since. */
  slotIds: ReadonlySet<string>;
  /** BOOKED, or CANCELLED once a cancel was answered; both while a cancel went unanswered. */
  statuses: ReadonlySet<Status>;
}

interface Tracked {
  patient: string;
  slotIds: Set<string>;
  statuses: Set<Status>;
}

/**
 * The appointments REST clients were answered 201 for, and what each client did to them since. A
 * request left without a definite answer (the connection dropped, or a 5xx) may or may not have
 * landed, so both outcomes stay possible; a refusal (4xx) changed nothing. Each patient's requests
 * are sent one after another, so an answer is the appointment's state until that patient's next request.
 */
export class ClientRecord {
  private readonly appointments = new Map<string, Tracked>();

  confirmed(appointmentId: string, patient: string, slotId: string): void {
    this.appointments.set(appointmentId, { patient, slotIds: new Set([slotId]), statuses: new Set(['BOOKED']) });
  }

  cancelled(appointmentId: string, answered: boolean): void {
    const tracked = this.appointments.get(appointmentId)!;
    if (answered) tracked.statuses.clear();
    tracked.statuses.add('CANCELLED');
  }

  moved(appointmentId: string, slotId: string, answered: boolean): void {
    const tracked = this.appointments.get(appointmentId)!;
    if (answered) tracked.slotIds.clear();
    tracked.slotIds.add(slotId);
  }

  /** The patient's appointments that may still be booked: theirs to cancel or move. */
  bookedOf(patient: string): string[] {
    return [...this.appointments]
      .filter(([, tracked]) => tracked.patient === patient && tracked.statuses.has('BOOKED'))
      .map(([appointmentId]) => appointmentId);
  }

  get expected(): ReadonlyMap<string, ExpectedAppointment> {
    return this.appointments;
  }
}
