import Decimal from 'decimal.js';
import { formatMoney, toDecimal } from 'src/common/money/decimal';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { Cell } from './csv-export';

/** What a spreadsheet would run as a formula when a cell starts with it (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Free text people typed (names, reasons, descriptions). A leading formula character gets an
 * apostrophe, so opening the file in a spreadsheet never runs it; numbers are never text cells.
 */
export function textCell(value: string | null): Cell {
  if (value === null) return null;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** As the DateTime scalar shows it. */
export function timeCell(value: Date | null): Cell {
  return value === null ? null : value.toISOString();
}

/** Plain text of a `numeric(20, 2)`: already what formatMoney would write. */
const TWO_DECIMALS = /^-?\d+\.\d{2}$/;

/** Money from a `numeric` read as text, with two decimals as `Money.amount` shows it. */
export function moneyCell(text: string | null): Cell {
  if (text === null) return null;
  return TWO_DECIMALS.test(text) ? text : formatMoney(toDecimal(text));
}

/** Units from a `numeric` read as text, as the `Decimal` scalar shows the cap table's units. */
export function unitsCell(text: string): Cell {
  return DecimalScalar.serialize(new Decimal(text));
}

/** Several enum values in one field, separated by spaces ("ADMIN COORDINATOR MEMBER"). */
export function listCell(values: readonly string[]): Cell {
  return values.join(' ');
}
