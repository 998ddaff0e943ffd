import { expect } from 'chai';
import { insideWhatsappWindow, WHATSAPP_WINDOW_MS } from '../../../src/domain/whatsapp-window.js';
import { MONDAY_8AM } from '../../support/times.js';

describe("WhatsApp's 24-hour window", () => {
  it('is open for 24 hours after the patient last wrote, and closed from the 24th hour on', () => {
    expect(WHATSAPP_WINDOW_MS).to.equal(86_400_000);
    expect(insideWhatsappWindow(MONDAY_8AM, MONDAY_8AM)).to.equal(true);
    expect(insideWhatsappWindow(MONDAY_8AM, MONDAY_8AM + WHATSAPP_WINDOW_MS - 1)).to.equal(true);
    expect(insideWhatsappWindow(MONDAY_8AM, MONDAY_8AM + WHATSAPP_WINDOW_MS)).to.equal(false);
  });

  it('is closed to a patient who has never written on WhatsApp', () => {
    expect(insideWhatsappWindow(undefined, MONDAY_8AM)).to.equal(false);
  });
});
