// The part of autocannon's API (it ships no types) that bench/http.ts uses.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p99: number;
    max: number;
  }
  interface Result {
    duration: number;
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  interface RequestSpec {
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
  }
  interface Options extends RequestSpec {
    url: string;
    connections?: number;
    duration?: number;
    requests?: RequestSpec[];
  }
  export default function autocannon(options: Options): Promise<Result>;
}
