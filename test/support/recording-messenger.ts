import type { Messenger, OutboundMessage } from '../../src/ports/messenger.js';

/** Keeps what would have been sent, and tells a test when something arrives. */
export class RecordingMessenger implements Messenger {
  readonly sent: OutboundMessage[] = [];
  private waiting: (() => void)[] = [];

  async send(message: OutboundMessage): Promise<{ providerId: string }> {
    this.sent.push(message);
    for (const resolve of this.waiting.splice(0)) resolve();
    return { providerId: `rec_${this.sent.length}` };
  }

  async nextMessage(timeoutMs = 5_000): Promise<OutboundMessage> {
    const count = this.sent.length;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message was sent')), timeoutMs);
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.sent[count]!;
  }
}
