package nl.kvksync.ingestor.replica;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import nl.kvksync.contracts.kvk.EndReason;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.ingestor.feed.FeedRecord;
import org.apache.avro.Schema;

/**
 * Decides what a feed record means against the replica's snapshot of the same registration. Only a real change is
 * published: when every field of the new snapshot equals the previous one, the record is unchanged. The kind of a
 * change: ENDED when the registration ends now (it was not ended before); NEW when the replica does not know it
 * (unless the feed calls it WIJZIGING, which is kept); CHANGED otherwise — also for a NIEUW of a registration the
 * replica already holds. A BEEINDIGING that only names the registration ends the replica's snapshot.
 */
public final class ChangeDetector {

    /** The outcome: {@code kind} null means unchanged. */
    public record Decision(Registration next, MutationKind kind, List<String> changedFields) {
        public boolean unchanged() {
            return kind == null;
        }
    }

    private static final List<Schema.Field> FIELDS = Registration.SCHEMA$.getFields();
    /** The fields' positions and names, looked up once (this runs for every line of every feed). */
    private static final int[] POSITIONS = FIELDS.stream().mapToInt(Schema.Field::pos).toArray();
    private static final String[] NAMES = FIELDS.stream().map(Schema.Field::name).toArray(String[]::new);

    private ChangeDetector() {
    }

    public static Decision decide(FeedRecord record, Registration previous) {
        Registration next = record.endOnly() ? ended(record, previous) : record.registration();
        List<String> changed = changedFields(previous, next);
        if (previous != null && changed.isEmpty()) {
            return new Decision(next, null, List.of());
        }
        MutationKind kind;
        boolean endsNow = next.getStatus() == RegistrationStatus.ENDED
                && (previous == null || previous.getStatus() != RegistrationStatus.ENDED);
        if (endsNow) {
            kind = MutationKind.ENDED;
        } else if (previous == null) {
            kind = record.kind() == MutationKind.CHANGED ? MutationKind.CHANGED : MutationKind.NEW;
        } else {
            kind = MutationKind.CHANGED;
        }
        return new Decision(next, kind, changed);
    }

    /** The replica's snapshot, ended on the record's date for the record's reason. */
    static Registration ended(FeedRecord record, Registration previous) {
        Registration base = previous != null ? previous : record.registration();
        Registration.Builder b = Registration.newBuilder(base)
                .setStatus(RegistrationStatus.ENDED)
                .setEndReason(record.endReason() != null ? record.endReason()
                        : base.getEndReason() != null ? base.getEndReason() : EndReason.OTHER);
        if (record.effectiveDate() != null) {
            b.setEndDate(record.effectiveDate());
        }
        return b.build();
    }

    /** Names of the Registration fields whose values differ; against no snapshot, every field that has a value. */
    public static List<String> changedFields(Registration previous, Registration next) {
        List<String> changed = new ArrayList<>(previous == null ? POSITIONS.length : 4);
        for (int i = 0; i < POSITIONS.length; i++) {
            Object now = next.get(POSITIONS[i]);
            if (previous == null) {
                if (now != null && !(now instanceof Collection<?> c && c.isEmpty())) {
                    changed.add(NAMES[i]);
                }
            } else if (!Objects.equals(previous.get(POSITIONS[i]), now)) {
                changed.add(NAMES[i]);
            }
        }
        return changed;
    }
}
