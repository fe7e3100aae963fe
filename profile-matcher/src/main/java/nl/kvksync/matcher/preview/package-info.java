/**
 * The profile dry run: {@code POST /environments/{env}/profiles:preview} counts what a profile selects out of the
 * whole register (in-heap index), how much of it the environment already follows, a sample, counts by SBI section
 * and postcode region, and whether the count lies inside the import band.
 */
package nl.kvksync.matcher.preview;
