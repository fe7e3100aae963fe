package nl.kvksync.matcher.streams;

import java.util.Map;

import nl.kvksync.matcher.routing.MatcherTopology;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB options of the global {@code register} store; every other store keeps Kafka Streams' defaults.
 * <p>
 * Kafka Streams flushes a global store's memtable at every checkpoint of the global thread: while a register loads,
 * every 10,000 records (at most once per commit interval), a few MB each. With its default universal compaction
 * starting at four sorted runs, a million-registration load merged those small files again and again (the matcher's
 * compaction thread used 4-7 CPU-s of the load on the 2-core machine). Compaction starts at
 * {@value #SORTED_RUNS_BEFORE_COMPACTION} runs here: fewer, wider merges. A point lookup checks the Bloom filter of
 * each run, which costs nanoseconds; the register is read by key only.
 */
public final class RegisterStoreOptions implements RocksDBConfigSetter {

    static final int SORTED_RUNS_BEFORE_COMPACTION = 12;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (MatcherTopology.REGISTER.equals(storeName)) {
            options.setLevel0FileNumCompactionTrigger(SORTED_RUNS_BEFORE_COMPACTION);
            options.setLevel0SlowdownWritesTrigger(Math.max(options.level0SlowdownWritesTrigger(),
                    2 * SORTED_RUNS_BEFORE_COMPACTION));
            options.setLevel0StopWritesTrigger(Math.max(options.level0StopWritesTrigger(),
                    3 * SORTED_RUNS_BEFORE_COMPACTION));
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing allocated here
    }
}
