/**
 * Deterministic test data in the weekly feed format: a register of N registrations as NIEUW records and a week of
 * changes (NIEUW, WIJZIGING, BEEINDIGING) against such a register, with valid identifiers (RSINs passing the
 * eleven-check), population-weighted postcodes, real SBI codes and legal forms in realistic shares. Streams its
 * output, so a register of millions never sits in memory. Independent of the services' code: ./kvk generate and
 * ./kvk bench use it.
 */
package nl.kvksync.localstack.generate;
