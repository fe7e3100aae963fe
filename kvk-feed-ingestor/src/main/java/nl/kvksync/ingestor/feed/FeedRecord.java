package nl.kvksync.ingestor.feed;

import nl.kvksync.contracts.kvk.EndReason;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;

/**
 * One accepted feed record: the normalised snapshot and the mutation header. {@code kind} is null when the line had
 * no {@code mutatie} (a bare API response): the replica then decides between NEW and CHANGED. {@code endOnly} marks
 * a BEEINDIGING that names a registration without describing it (only {@code kvkNummer} and perhaps
 * {@code vestigingsnummer}): the ended snapshot is then the replica's, with status, end date and reason set.
 */
public record FeedRecord(Registration registration, MutationKind kind, String effectiveDate, EndReason endReason,
        boolean endOnly) {
}
