import { expect } from 'chai';
import { RecentMessages } from '../../../src/application/recent-messages.js';

const HOUR = 60 * 60 * 1000;

describe('the messages a server has recently started on', () => {
  it('gives a repeat of a message what its first delivery started, and starts nothing again', () => {
    const recent = new RecentMessages<string>();
    let started = 0;
    const first = recent.remember('SM1', 0, () => `work ${++started}`);
    const again = recent.remember('SM1', HOUR - 1, () => `work ${++started}`);
    expect(first).to.deep.equal({ value: 'work 1', first: true });
    expect(again).to.deep.equal({ value: 'work 1', first: false });
    expect(started).to.equal(1);
  });

  it('starts afresh on a message an hour old, past the longest a channel retries', () => {
    const recent = new RecentMessages<string>();
    recent.remember('SM1', 0, () => 'first');
    expect(recent.remember('SM1', HOUR, () => 'second')).to.deep.equal({ value: 'second', first: true });
  });

  it('starts afresh on a message it was told to forget, so a failed one is tried again', () => {
    const recent = new RecentMessages<string>();
    recent.remember('SM1', 0, () => 'failed');
    recent.forget('SM1');
    expect(recent.remember('SM1', 1, () => 'retried')).to.deep.equal({ value: 'retried', first: true });
  });

  it('keeps at most its bound, forgetting the oldest first', () => {
    const recent = new RecentMessages<string>(2);
    recent.remember('SM1', 0, () => 'one');
    recent.remember('SM2', 1, () => 'two');
    recent.remember('SM3', 2, () => 'three');
    expect(recent.remember('SM1', 3, () => 'one again').first).to.equal(true);
    expect(recent.remember('SM3', 3, () => 'three again').first).to.equal(false);
  });
});
