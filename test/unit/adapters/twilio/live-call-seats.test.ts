import { expect } from 'chai';
import { LiveCallSeats } from '../../../../src/adapters/twilio/live-call-seats.js';

describe('live call seats: how many calls one server bridges live', () => {
  it('offers a stream to calls up to the limit, and the speech IVR to the next', () => {
    const seats = new LiveCallSeats(2);
    expect(seats.offer('CA1', 0)).to.equal(true);
    expect(seats.offer('CA2', 0)).to.equal(true);
    expect(seats.offer('CA3', 0)).to.equal(false);
  });

  it('counts a call once when its stream starts in the seat it was offered', () => {
    const seats = new LiveCallSeats(2);
    seats.offer('CA1', 0);
    seats.take('CA1');
    expect(seats.offer('CA2', 0)).to.equal(true);
    expect(seats.offer('CA3', 0)).to.equal(false);
  });

  it('frees a seat when its call ends, once however often the end is reported', () => {
    const seats = new LiveCallSeats(2);
    seats.offer('CA1', 0);
    const end = seats.take('CA1');
    seats.offer('CA2', 0);
    seats.take('CA2');
    end();
    end();
    expect(seats.offer('CA3', 0)).to.equal(true);
    expect(seats.offer('CA4', 0)).to.equal(false);
  });

  it('frees the seat of an offer whose stream never opened once the hold is over, and not before', () => {
    const seats = new LiveCallSeats(1, 10_000);
    seats.offer('CA1', 0);
    expect(seats.offer('CA2', 9_999)).to.equal(false);
    expect(seats.offer('CA2', 10_000)).to.equal(true);
  });

  it('counts a stream that was never offered, and does not refuse it', () => {
    const seats = new LiveCallSeats(1);
    seats.take('CA-unoffered');
    seats.take('CA-also');
    expect(seats.offer('CA1', 0)).to.equal(false);
  });
});
