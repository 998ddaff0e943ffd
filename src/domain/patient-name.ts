/**
 * What a patient is called, as they or staff gave it. A name is for talking to the patient, never
 * for knowing who they are: the phone number is that. It is patient data, so it is kept short and
 * plain: no control characters, one space between words.
 */

export const PATIENT_NAME_MAX_LENGTH = 80;
export const PATIENT_NAME_EXPECTED = `a name of 1 to ${PATIENT_NAME_MAX_LENGTH} characters, not only spaces`;

/** Control and format characters (line breaks, bidi overrides, zero-width joiners) read as a space. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The name as kept, or undefined when nothing of it is left or it is longer than a name may be. */
export function patientNameOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return name.length > 0 && name.length <= PATIENT_NAME_MAX_LENGTH ? name : undefined;
}

/** "Ana Ruiz" -> "Ana": what the patient is greeted by, and all a shared screen or a calendar shows. */
export const firstNameOf = (name: string): string => name.split(' ')[0]!;
