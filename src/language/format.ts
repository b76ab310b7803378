// How numbers and errors read on the page, shared by the server-rendered page and the in-page script so both
// show the same text: digit grouping, up to two decimals for the network's estimates, shares as percentages,
// errors as sentences.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const estimate = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 993792 → "993,792". */
export function formatInteger(n: number | bigint): string {
  return integer.format(n);
}

/** A digit string as said, its leading zeros kept, with its value's sign: "minus zero eight" is "-08", never "08". */
export function signedDigits(digits: string, exact: string): string {
  return exact.startsWith('-') ? `-${digits}` : digits;
}

/**
 * The network's unrounded value with two decimals, or none when it is whole at that precision:
 * 992779.625 → "992,779.63", 777.0001 → "777".
 */
export function formatEstimate(x: number): string {
  const text = estimate.format(x);
  // + 0 turns -0 (from -0.004) into 0.
  return text.endsWith('.00') ? integer.format(Math.round(x) + 0) : text;
}

/**
 * A share as a percentage, with as many decimals as it takes not to show 100 % or 0 % for what is neither:
 * 1 → "100%", 0.9995 → "99.95%", 0.25 → "25.0%".
 */
export function formatPercent(share: number): string {
  const percent = share * 100;
  if (percent === 100 || percent === 0) return `${percent}%`;
  let digits = 1;
  while (digits < 6 && [0, 100].includes(Number(percent.toFixed(digits)))) digits++;
  return `${percent.toFixed(digits)}%`;
}

export interface ErrorLike {
  message: string;
  position?: number;
  suggestion?: string;
}

/** An API error as a sentence: '"bananas" is not a number word (word 2). Did you mean "…"?' */
export function errorSentence({ message, position, suggestion }: ErrorLike): string {
  const where = position !== undefined ? ` (word ${position + 1})` : '';
  const sentence = `${message.charAt(0).toUpperCase()}${message.slice(1)}${where}.`;
  return suggestion !== undefined ? `${sentence} Did you mean "${suggestion}"?` : sentence;
}
