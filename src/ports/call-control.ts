/** Control over a phone call in progress: for now, hanging up once the goodbye has played. */
export interface CallControl {
  hangUp(callSid: string): Promise<void>;
}
