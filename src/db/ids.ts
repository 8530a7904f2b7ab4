/** Record ids: a readable prefix plus a random UUID, e.g. `asset_1b9d6bcd-…`. */
export const newId = (prefix: string): string => `${prefix}_${crypto.randomUUID()}`;
