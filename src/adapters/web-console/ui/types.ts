// The API's JSON as the console reads it (the OpenAPI document at /api/v1/openapi.json is the reference).

export type SlotStatus = 'AVAILABLE' | 'HELD' | 'BOOKED' | 'BLOCKED';

export interface Slot {
  slotId: string;
  start: string;
  end: string;
  status: SlotStatus;
  providerId?: string;
  holdExpiresAt?: string;
  blockReason?: string;
}

export interface Appointment {
  appointmentId: string;
  slotId: string;
  phoneNumber: string;
  start: string;
  end: string;
  status: 'BOOKED' | 'CANCELLED';
  providerId?: string;
  channel?: string;
  /** What the patient is called, when known (GET /appointments). */
  patientName?: string;
}

export interface Staff {
  staffId: string;
  clinicId: string;
  name: string;
  email: string;
  role: 'front-desk' | 'manager';
}

export interface Session {
  staff: Staff;
  csrfToken: string;
}

export interface Provider {
  providerId: string;
  name: string;
}

export interface Callback {
  phoneNumber: string;
  reason: string;
  channel: string;
  timesAsked: number;
  firstRequestedAt: string;
  lastRequestedAt: string;
}

export interface PatientRecord {
  phoneNumber: string;
  appointments: Appointment[];
  conversation: { role: 'patient' | 'receptionist'; text: string; at: string }[];
  optedOut: boolean;
  patientName?: string;
}

export interface DayStats {
  date: string;
  bookings: Record<string, number>;
  cancellations: number;
  handoffs: number;
}
