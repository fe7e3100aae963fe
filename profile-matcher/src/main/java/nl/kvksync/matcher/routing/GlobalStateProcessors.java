package nl.kvksync.matcher.routing;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.matcher.profile.ProfileBook;
import nl.kvksync.matcher.register.RegisterIndex;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global state of the topology: the register (RocksDB store {@code register} plus the in-heap
 * {@link RegisterIndex}), the environments ({@link EnvironmentBook}) and the profiles ({@link ProfileBook}).
 * Kafka Streams runs these processors again over the source topics when it restores the stores, and the
 * register processor fills the index from the on-disk store after a restart, so the in-heap state always
 * matches the stores. None of them throws on bad content: an invalid profile is logged, counted and left out.
 */
final class GlobalStateProcessors {

    private static final Logger log = LoggerFactory.getLogger(GlobalStateProcessors.class);

    private GlobalStateProcessors() {
    }

    /**
     * kvk.registrations.v1 → store {@code register} (each snapshot's Avro binary) and the in-heap index (from the
     * entry's index view: the snapshot is not decoded whole).
     */
    static final class RegisterUpdater implements Processor<String, RegisterEntry, Void, Void> {
        private final RegisterIndex index;
        private KeyValueStore<String, byte[]> store;

        RegisterUpdater(RegisterIndex index) {
            this.index = index;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(MatcherTopology.REGISTER);
            if (index.markLoadedFromStore()) {
                fill();
            }
        }

        private void fill() {
            try {
                RegisterEntry.Reader reader = RegisterEntry.Reader.ofStore();
                long n = 0;
                try (KeyValueIterator<String, byte[]> all = store.all()) {
                    while (all.hasNext()) {
                        var entry = all.next();
                        index.apply(entry.key, reader.indexView(entry.value, 0, entry.value.length));
                        n++;
                    }
                }
                log.info("register index filled from the on-disk register: {} snapshots, {} active", n, index.size());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the on-disk register", e);
            }
        }

        @Override
        public void process(Record<String, RegisterEntry> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
                index.apply(record.key(), null);
            } else {
                store.put(record.key(), record.value().avro());
                index.apply(record.key(), record.value().indexView());
            }
        }
    }

    /** crm.environments.v1 → store {@code environments} and {@link EnvironmentBook}. */
    static final class EnvironmentUpdater implements Processor<String, EnvironmentChanged, Void, Void> {
        private final EnvironmentBook book;
        private KeyValueStore<String, EnvironmentChanged> store;

        EnvironmentUpdater(EnvironmentBook book) {
            this.book = book;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(MatcherTopology.ENVIRONMENTS);
        }

        @Override
        public void process(Record<String, EnvironmentChanged> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            book.apply(record.key(), record.value());
        }
    }

    /** review.profiles.v1 → store {@code profiles} and {@link ProfileBook}; invalid profiles are dropped. */
    static final class ProfileUpdater implements Processor<String, ImportProfile, Void, Void> {
        private final ProfileBook book;
        private final Counter invalid;
        private KeyValueStore<String, ImportProfile> store;

        ProfileUpdater(ProfileBook book, MeterRegistry meters) {
            this.book = book;
            this.invalid = meters.counter("kvksync.matcher.invalid.profiles");
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(MatcherTopology.PROFILES);
        }

        @Override
        public void process(Record<String, ImportProfile> record) {
            if (record.key() == null) {
                return;
            }
            ProfileBook.Outcome outcome;
            try {
                outcome = book.apply(record.key(), record.value());
            } catch (RuntimeException e) {
                outcome = new ProfileBook.Outcome(false,
                        java.util.List.of(new nl.kvksync.matcher.profile.FieldError("profile", String.valueOf(e))));
                book.remove(record.key());
            }
            if (outcome.accepted() && record.value() != null && !record.value().getDeleted()) {
                store.put(record.key(), record.value());
            } else {
                store.delete(record.key());
            }
            if (!outcome.accepted()) {
                invalid.increment();
                log.warn("profile {} is invalid and will not match anything: {}", record.key(), outcome.errors());
            }
        }
    }
}
