import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { bookingStoreContract } from './booking-store.contract.js';

bookingStoreContract('in-memory', async () => new InMemoryBookingStore());
