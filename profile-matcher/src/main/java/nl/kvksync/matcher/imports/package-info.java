/**
 * Profile imports: on {@code ImportRequested} the matcher selects the profile's whole selection from the
 * in-heap register index, refuses a selection outside the band, and emits NEW proposals for the registrations
 * the environment does not follow yet, in chunks, reporting progress on {@code matcher.import-progressed.v1}.
 * The plan lives in the plain {@link ImportPlanner}; {@link ImportProcessor} is the Streams adapter.
 */
package nl.kvksync.matcher.imports;
