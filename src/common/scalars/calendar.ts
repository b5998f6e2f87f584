/** UTC midnight of a real calendar day in years 0001–9999, or undefined (no 2026-02-30, no year 0). */
export function calendarDate(year: number, month: number, day: number): Date | undefined {
  if (year < 1 || year > 9999) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : undefined;
}

/** Whether an instant falls in years 0001–9999 at UTC (what PostgreSQL and ISO-8601 four-digit years share). */
export function inYearRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(year) && year >= 1 && year <= 9999;
}
