// How numbers and errors read on the page, shared by the server-rendered page and the in-page script so both
// show the same text: digit grouping, two decimals for the network's estimates, errors as sentences.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const estimate = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 993792 → "993,792". */
export function formatInteger(n: number): string {
  return integer.format(n);
}

/** The network's unrounded value with two decimals: 992779.625 → "992,779.63". */
export function formatEstimate(x: number): string {
  return estimate.format(x);
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
