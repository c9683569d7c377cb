/**
 * The units the company bills in, defined once: price-list rates are per hour or per work unit
 * (Arbeitseinheit, AE); estimate and invoice lines also count days, pieces, flat fees and
 * months. Other modules import these instead of keeping their own lists, so a new unit is
 * added in one place (and gets its UN/ECE code in the e-invoice).
 */
export const UNITS = ['hour', 'work_unit', 'day', 'piece', 'flat', 'month'] as const;
export type Unit = (typeof UNITS)[number];

/** What a price-list rate is per. */
export const SERVICE_UNITS = ['hour', 'work_unit'] as const satisfies readonly Unit[];
export type ServiceUnit = (typeof SERVICE_UNITS)[number];
