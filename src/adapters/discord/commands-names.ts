/** Option names that autocomplete from the store (shared by the definitions and the handler). */
export const AUTOCOMPLETE = { round: 'round', submission: 'submission' } as const;
