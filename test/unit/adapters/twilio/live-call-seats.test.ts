import { expect } from 'chai';
import { LiveCallSeats } from '../../../../src/adapters/twilio/live-call-seats.js';

describe('live call seats: how many calls one server bridges live', () => {
  it('offers a stream to calls up to the limit, and the speech IVR to the next', () => {
    const seats = new LiveCallSeats(2);
    expect(seats.offer('CA1', 0)).to.equal(true);
    expect(seats.offer('CA2', 0)).to.equal(true);
    expect(seats.offer('CA3', 0)).to.equal(false);
  });

  it('counts a call once when its stream opens in the seat it was offered', () => {
    const seats = new LiveCallSeats(2);
    seats.offer('CA1', 0);
    expect(seats.take('CA1', 0)).to.be.a('function');
    expect(seats.offer('CA2', 0)).to.equal(true);
    expect(seats.offer('CA3', 0)).to.equal(false);
  });

  it('frees a seat when its call ends, once however often the end is reported', () => {
    const seats = new LiveCallSeats(2);
    seats.offer('CA1', 0);
    const end = seats.take('CA1', 0)!;
    seats.offer('CA2', 0);
    seats.take('CA2', 0);
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

  it('gives a stream never offered here (its webhook went to another server) a free seat, and refuses one past the limit', () => {
    const seats = new LiveCallSeats(1);
    expect(seats.take('CA-unoffered', 0)).to.be.a('function');
    expect(seats.take('CA-also', 0)).to.equal(undefined);
    expect(seats.offer('CA1', 0)).to.equal(false);
  });

  it('refuses a stream whose seat was offered to other calls still ringing, until their hold is over', () => {
    const seats = new LiveCallSeats(2, 10_000);
    seats.offer('CA1', 0);
    seats.offer('CA2', 0);
    expect(seats.take('CA-elsewhere', 9_999)).to.equal(undefined);
    expect(seats.take('CA1', 9_999)).to.be.a('function');
    expect(seats.take('CA-elsewhere', 10_000)).to.be.a('function');
  });
});
