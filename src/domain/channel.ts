/** Where a patient's texts go, and where they wrote from: confirmations and replies go back the same way. */
export type Channel = 'sms' | 'whatsapp';
