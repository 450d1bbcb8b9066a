/** "1 article", "3 articles": a count with its English noun, for messages and replies. */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
