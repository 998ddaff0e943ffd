// autocannon ships no types, and @types/autocannon would add a dependency for the few fields used here.
declare module 'autocannon' {
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      warmup?: { connections?: number; duration?: number };
      method?: string;
      headers?: Record<string, string>;
      /** Each request of a connection is built afresh by `setupRequest`. */
      requests?: { setupRequest?: (request: Request) => Request }[];
    }

    interface Stats {
      mean: number;
      p50: number;
      p99: number;
    }

    interface Result {
      requests: Stats;
      latency: Stats;
      non2xx: number;
      errors: number;
      timeouts: number;
    }
  }

  export = autocannon;
}
