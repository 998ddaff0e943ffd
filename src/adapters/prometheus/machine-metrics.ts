import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** What a worker asks its primary for, and is answered with: the metrics of every worker, added up. */
const SCRAPE = 'receptionist:machine-scrape';
const SCRAPE_TIMEOUT_MS = 10_000;

interface ScrapeMessage {
  type: typeof SCRAPE;
  id: number;
  text?: string;
  error?: string;
}

const isScrape = (message: unknown): message is ScrapeMessage => (message as ScrapeMessage | null)?.type === SCRAPE;

/**
 * In the primary of several workers: answers a worker's scrape with every worker's metrics, which
 * prom-client's AggregatorRegistry gathers over the cluster's channel and adds up (each metric by its
 * aggregator). A scrape reaches whichever worker takes its connection; the machine's counts are what
 * it must see, not one worker's, which would jump from one to another between scrapes.
 */
export function answerWorkersScrapes(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isScrape(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: SCRAPE, id: message.id, text }),
      (error: Error) => worker.send({ type: SCRAPE, id: message.id, error: error.message }),
    );
  });
}

let nextId = 0;
let offered = false;

/**
 * In a worker: offers `registry` to the primary's aggregation (once a process: a worker runs one app),
 * and returns a scrape of the whole machine.
 */
export function machineScrape(registry: Registry): () => Promise<string> {
  if (!offered) {
    offered = true;
    AggregatorRegistry.setRegistries([registry]);
    // Constructing one is what makes prom-client answer the primary's requests in this worker.
    new AggregatorRegistry();
  }
  return () =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        process.off('message', answered);
        reject(new Error(`the primary did not answer a scrape within ${SCRAPE_TIMEOUT_MS} ms`));
      }, SCRAPE_TIMEOUT_MS);
      const answered = (message: unknown) => {
        if (!isScrape(message) || message.id !== id) return;
        clearTimeout(timer);
        process.off('message', answered);
        if (message.text === undefined) reject(new Error(`the machine's metrics: ${message.error}`));
        else resolve(message.text);
      };
      process.on('message', answered);
      process.send?.({ type: SCRAPE, id });
    });
}
