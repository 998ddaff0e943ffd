import { expect } from 'chai';
import type { CalendarFeeds } from '../../src/ports/calendar-feeds.js';
import { aNewClinicId } from '../support/clinic-builder.js';

const hash = (n: number) => n.toString(16).padStart(64, '0');
let hashes = 0;
/** A hash no other test of the run gave: stores over shared storage keep every test's feeds. */
const aNewHash = () => hash(++hashes + Math.floor(Math.random() * 1e12));

/** What every store of calendar feeds must do: find a provider's feed by its secret's hash, until it is rotated. */
export function calendarFeedsContract(name: string, make: () => Promise<CalendarFeeds>) {
  describe(`${name} calendar feeds (contract)`, () => {
    let feeds: CalendarFeeds;
    beforeEach(async () => {
      feeds = await make();
    });
    afterEach(() => feeds.close());

    it('finds no feed for a hash it was not given', async () => {
      expect(await feeds.find(aNewHash())).to.equal(undefined);
    });

    it("finds a provider's feed by its hash: its clinic and provider", async () => {
      const feed = { clinicId: aNewClinicId(), providerId: 'dr-lee' };
      const secret = aNewHash();
      await feeds.rotate(feed, secret);
      expect(await feeds.find(secret)).to.deep.equal(feed);
    });

    it('finds nothing by the hash a rotation replaced, and the feed by the new one', async () => {
      const feed = { clinicId: aNewClinicId(), providerId: 'dr-lee' };
      const [first, second, third] = [aNewHash(), aNewHash(), aNewHash()];
      await feeds.rotate(feed, first);
      await feeds.rotate(feed, second);
      await feeds.rotate(feed, third);
      expect(await feeds.find(first)).to.equal(undefined);
      expect(await feeds.find(second)).to.equal(undefined);
      expect(await feeds.find(third)).to.deep.equal(feed);
    });

    it("rotates one provider's feed and leaves its colleagues' and other clinics' providers' open", async () => {
      const clinicId = aNewClinicId();
      const lee = { clinicId, providerId: 'dr-lee' };
      const kim = { clinicId, providerId: 'dr-kim' };
      const elsewhere = { clinicId: aNewClinicId(), providerId: 'dr-lee' };
      const [leeHash, kimHash, elsewhereHash] = [aNewHash(), aNewHash(), aNewHash()];
      await feeds.rotate(lee, leeHash);
      await feeds.rotate(kim, kimHash);
      await feeds.rotate(elsewhere, elsewhereHash);
      await feeds.rotate(lee, aNewHash());
      expect(await feeds.find(leeHash)).to.equal(undefined);
      expect(await feeds.find(kimHash)).to.deep.equal(kim);
      expect(await feeds.find(elsewhereHash)).to.deep.equal(elsewhere);
    });

    it('leaves exactly one secret open when rotations of one feed race', async () => {
      const feed = { clinicId: aNewClinicId(), providerId: 'dr-lee' };
      await feeds.rotate(feed, aNewHash());
      const racing = Array.from({ length: 4 }, aNewHash);
      await Promise.all(racing.map((each) => feeds.rotate(feed, each)));
      const found = await Promise.all(racing.map((each) => feeds.find(each)));
      expect(found.filter((each) => each !== undefined)).to.deep.equal([feed]);
    });

    it('hands out copies', async () => {
      const feed = { clinicId: aNewClinicId(), providerId: 'dr-lee' };
      const secret = aNewHash();
      await feeds.rotate(feed, secret);
      (await feeds.find(secret))!.providerId = 'changed';
      expect(await feeds.find(secret)).to.deep.equal(feed);
    });
  });
}
