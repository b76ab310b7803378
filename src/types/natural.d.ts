// Deep imports of `natural`: its index pulls in dotenv and database clients that print to stdout on load.
declare module 'natural/lib/natural/distance/index.js' {
  export function JaroWinklerDistance(a: string, b: string, options?: { ignoreCase?: boolean }): number;
}
