/** The fewest charter customers a program should have; the first round cannot open with fewer. */
export const MIN_CUSTOMERS = 6;
/** The most a program holds (also enforced by a trigger in the database). */
export const MAX_CUSTOMERS = 10;
