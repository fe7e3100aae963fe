package nl.kvksync.ingestor.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.VectorMemTableConfig;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The register replica on disk: RocksDB with one column family of snapshots (key registrationKey, value the Avro
 * binary of {@link Registration}) and three index families ({@code kvkNummer}, postcode, name words → key), all
 * written in one atomic {@link WriteBatch} together with a marker saying up to which feed line the replica is
 * applied. Memory outside the heap is bounded by a shared block cache and write buffers (about 200 MB). Reads may
 * come from any thread; writes from the one run thread.
 *
 * <p>Durability: every write goes through the write-ahead log, so a killed process loses nothing. A feed run's
 * batches ({@link #apply(Pending, String)}) reach the operating system without waiting for the disk; the run syncs
 * the log once at its end ({@link #sync()}). A power cut in the middle of a run can lose the log's tail: RocksDB
 * recovers a prefix of the batches (each with its marker), and the run, resumed, replays from its spooled file what
 * the marker says is missing — as after any crash between a Kafka commit and the replica write. The other writes
 * (rebuild, schema marker) are synced one by one.
 */
public final class RegistrationStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] MARKER = "applied".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCHEMA = "schema".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCHEMA_FINGERPRINT = Long.toHexString(
            SchemaNormalization.parsingFingerprint64(Registration.SCHEMA$)).getBytes(StandardCharsets.UTF_8);
    private static final byte SEP = 0;
    private static final int MAX_NAME_TOKENS = 24;
    /** Level-0 files before a compaction into the level below (RocksDB's default is 4); see the constructor. */
    private static final int L0_COMPACTION_TRIGGER = 8;

    private final Path dir;
    private final LRUCache cache;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyOptions indexOptions;
    private final ColumnFamilyOptions searchOptions;
    private final WriteOptions syncWrites;
    private final WriteOptions logWrites;
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle snapshots;
    private final ColumnFamilyHandle byKvk;
    private final ColumnFamilyHandle byPostcode;
    private final ColumnFamilyHandle byName;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final boolean fresh;

    private final SpecificDatumReader<Registration> reader = new SpecificDatumReader<>(Registration.class);

    public RegistrationStore(Path dir, long blockCacheBytes) {
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the replica directory " + this.dir, e);
        }
        this.cache = new LRUCache(blockCacheBytes);
        // Snapshots flush in 32 MB memtables, and every column family compacts its level 0 after eight files (not
        // RocksDB's four): loading a million registrations compacted 215 MB instead of 708 MB (10 flushes of the
        // snapshots and one compaction, where there were 20 and five), and the compaction thread used 3-4 CPU-s of
        // the load where it used 8-10. A read checks each level-0 file (up to seven, where it was three): microseconds.
        this.cfOptions = columnFamily(32L << 20, true);
        // The indexes are only read by prefix scans, which a whole-key Bloom filter cannot help: they have none (they
        // hold six of every seven keys a registration writes, and every flush and compaction built their filters).
        this.indexOptions = columnFamily(16L << 20, false);
        // The name and postcode indexes take five of every seven keys and are only read by search iterators: a vector
        // memtable (append now, sort at flush or when an iterator opens) makes their writes cheaper than a skip list;
        // smaller buffers keep the sort an open iterator needs short.
        this.searchOptions = columnFamily(8L << 20, false).setMemTableConfig(new VectorMemTableConfig());
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxOpenFiles(512).setMaxBackgroundJobs(2).setKeepLogFileNum(3)
                // a vector memtable does not take concurrent writes (the replica has one writer anyway)
                .setAllowConcurrentMemtableWrite(false);
        this.syncWrites = new WriteOptions().setSync(true);
        this.logWrites = new WriteOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(bytes("registrations"), cfOptions),
                new ColumnFamilyDescriptor(bytes("by-kvk"), indexOptions),
                new ColumnFamilyDescriptor(bytes("by-postcode"), searchOptions),
                new ColumnFamilyDescriptor(bytes("by-name"), searchOptions));
        try {
            this.db = RocksDB.open(dbOptions, this.dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open the register replica in " + this.dir + ": " + e.getMessage()
                    + " (is another ingestor using this directory?)", e);
        }
        this.meta = handles.get(0);
        this.snapshots = handles.get(1);
        this.byKvk = handles.get(2);
        this.byPostcode = handles.get(3);
        this.byName = handles.get(4);
        byte[] schema = rawGet(meta, SCHEMA);
        if (schema != null && !Arrays.equals(schema, SCHEMA_FINGERPRINT)) {
            clear();
            this.fresh = true;
        } else {
            this.fresh = schema == null;
        }
        if (schema == null || fresh) {
            rawPut(meta, SCHEMA, SCHEMA_FINGERPRINT);
        }
    }

    private ColumnFamilyOptions columnFamily(long writeBufferBytes, boolean pointLookups) {
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true);
        if (pointLookups) {
            table.setFilterPolicy(new BloomFilter(10, false));
        }
        return new ColumnFamilyOptions()
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(writeBufferBytes)
                .setMaxWriteBufferNumber(2)
                .setLevel0FileNumCompactionTrigger(L0_COMPACTION_TRIGGER)
                .setTableFormatConfig(table);
    }

    /**
     * True when the store was created empty now, or its snapshots were written with another Registration schema and
     * were dropped: the replica must then be rebuilt from kvk.registrations.v1.
     */
    public boolean needsRebuild() {
        return fresh;
    }

    public Path directory() {
        return dir;
    }

    public Registration get(String registrationKey) {
        byte[] value = rawGet(snapshots, bytes(registrationKey));
        return value == null ? null : decode(value);
    }

    /** A snapshot with its Avro binary (as stored), so that publishing it again needs no encoding. */
    public record Stored(Registration registration, byte[] avro) {
    }

    /** The snapshot of a registration with its Avro binary, or null. */
    public Stored getStored(String registrationKey) {
        return stored(rawGet(snapshots, bytes(registrationKey)));
    }

    /**
     * The Avro binary of each snapshot (a key without one maps to null), looked up in one batched read: much cheaper
     * per key than single reads, above all for keys the replica does not hold. Decode with {@link #stored(byte[])}.
     */
    public Map<String, byte[]> rawSnapshots(List<String> registrationKeys) {
        List<byte[]> keys = new ArrayList<>(registrationKeys.size());
        for (String k : registrationKeys) {
            keys.add(bytes(k));
        }
        List<byte[]> values;
        try {
            values = db.multiGetAsList(Collections.nCopies(keys.size(), snapshots), keys);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the register replica: " + e.getMessage(), e);
        }
        Map<String, byte[]> out = new HashMap<>(registrationKeys.size() * 2);
        for (int i = 0; i < registrationKeys.size(); i++) {
            out.put(registrationKeys.get(i), values.get(i));
        }
        return out;
    }

    /** A snapshot from its Avro binary as stored, e.g. read by {@link #rawSnapshots(List)} (null stays null). */
    public Stored stored(byte[] raw) {
        return raw == null ? null : new Stored(decode(raw), raw);
    }

    /** The marker written with the last batch, or null. */
    public String appliedMarker() {
        byte[] m = rawGet(meta, MARKER);
        return m == null ? null : new String(m, StandardCharsets.UTF_8);
    }

    /** A change to apply: the snapshot the replica held (null if none) and the new one. */
    public record Change(Registration previous, Registration next) {
    }

    /** Applies the changes and the marker atomically, synced to disk (a rebuild's batches, tests). */
    public void apply(Collection<Change> changes, String marker) {
        try (Pending pending = pending()) {
            for (Change c : changes) {
                pending.add(c.previous(), c.next(), null);
            }
            write(pending, marker, syncWrites);
        }
    }

    /**
     * Changes gathered for one atomic write ({@link #apply(Pending, String)}). Each change goes into a native write
     * batch as it comes — the new snapshot, the index entries of the snapshot it replaces out, its own in — so the
     * heap keeps only the new snapshots' Avro binary until the write, not a batch of decoded registrations (those
     * outlived young collections and were copied at each one). The caller names the snapshot a change replaces: the
     * replica's, or the pending one of an earlier change to the same registration ({@link #snapshot(String)}), so a
     * registration changed twice in one batch ends with exactly the index entries of its last snapshot. Used by one
     * thread; close it when done.
     */
    public final class Pending implements AutoCloseable {

        private final WriteBatch batch = new WriteBatch();
        private final Map<String, byte[]> snapshots = new HashMap<>();

        private Pending() {
        }

        /** Adds a change: {@code next} replaces {@code previous} (null: none); {@code nextAvro} may be null. */
        public void add(Registration previous, Registration next, byte[] nextAvro) {
            byte[] avro = nextAvro != null ? nextAvro : encode(next);
            try {
                put(batch, previous, next, avro);
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot gather a change for the register replica: " + e.getMessage(),
                        e);
            }
            snapshots.put(next.getRegistrationKey(), avro);
        }

        /** The Avro binary of the pending snapshot of a registration, or null when no change to it is pending. */
        public byte[] snapshot(String registrationKey) {
            return snapshots.get(registrationKey);
        }

        public boolean isEmpty() {
            return snapshots.isEmpty();
        }

        /** Forgets every pending change (after a write, or when the changes are dropped). */
        public void clear() {
            batch.clear();
            snapshots.clear();
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    /** Syncs the write-ahead log to disk: every write so far survives a power cut. */
    public void sync() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot sync the register replica in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** An empty set of pending changes for this replica. */
    public Pending pending() {
        return new Pending();
    }

    /**
     * Writes the pending changes and the marker atomically, into the write-ahead log but not synced to disk (see the
     * class comment; {@link #sync()}); {@code pending} is empty after it.
     */
    public void apply(Pending pending, String marker) {
        write(pending, marker, logWrites);
    }

    private void write(Pending pending, String marker, WriteOptions options) {
        try {
            if (marker != null) {
                pending.batch.put(meta, MARKER, bytes(marker));
            }
            db.write(options, pending.batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write the register replica in " + dir + ": " + e.getMessage(), e);
        }
        pending.clear();
    }

    private void put(WriteBatch batch, Registration previous, Registration next, byte[] nextAvro)
            throws RocksDBException {
        byte[] key = bytes(next.getRegistrationKey());
        if (previous != null) {
            forEachIndexKey(previous, key, batch::delete);
        }
        batch.put(snapshots, key, nextAvro);
        forEachIndexKey(next, key, (family, k) -> batch.put(family, k, EMPTY));
    }

    /** What to do with one index entry (put or delete it in a batch). */
    @FunctionalInterface
    private interface IndexEntryOp {
        void apply(ColumnFamilyHandle family, byte[] indexKey) throws RocksDBException;
    }

    /** Every index entry of a snapshot stored under {@code key}: by kvkNummer, by postcode, by name word. */
    private void forEachIndexKey(Registration r, byte[] key, IndexEntryOp op) throws RocksDBException {
        for (byte[] k : indexKeys(byKvkKeys(r), key)) {
            op.apply(byKvk, k);
        }
        for (byte[] k : indexKeys(postcodes(r), key)) {
            op.apply(byPostcode, k);
        }
        for (byte[] k : indexKeys(nameTokens(r), key)) {
            op.apply(byName, k);
        }
    }

    /** The value of every index entry (the key says it all); the batch copies it. */
    private static final byte[] EMPTY = new byte[0];

    /** Puts snapshots as they are (rebuild), reading each previous snapshot to keep the indexes exact. */
    public void putAll(Collection<Registration> registrations, String marker) {
        List<Change> changes = new ArrayList<>(registrations.size());
        for (Registration r : registrations) {
            changes.add(new Change(get(r.getRegistrationKey()), r));
        }
        apply(changes, marker);
    }

    /** Drops every snapshot and index entry (before a rebuild). */
    public void clear() {
        try {
            for (ColumnFamilyHandle h : List.of(snapshots, byKvk, byPostcode, byName)) {
                db.deleteRange(h, new byte[0], new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            }
            db.delete(meta, MARKER);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot clear the register replica: " + e.getMessage(), e);
        }
    }

    /** About how many registrations the replica holds (RocksDB's estimate). */
    public long estimatedCount() {
        try {
            return db.getLongProperty(snapshots, "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return -1;
        }
    }

    // ---- search ----

    /** Registration keys of a kvkNummer, in key order. */
    public List<String> keysByKvkNummer(String kvkNummer, int limit) {
        return scan(byKvk, bytes(kvkNummer + "\0"), limit, k -> true);
    }

    /** Registration keys whose visiting (or postal) postcode starts with {@code prefix}. */
    public List<String> keysByPostcodePrefix(String prefix, int limit, Predicate<String> filter) {
        return scan(byPostcode, bytes(prefix), limit, filter);
    }

    /** Registration keys with a name word starting with {@code prefix} (folded: lower case, no accents). */
    public List<String> keysByNameWordPrefix(String prefix, int limit, Predicate<String> filter) {
        return scan(byName, bytes(prefix), limit, filter);
    }

    /** Every registration key from {@code after} on (exclusive), in key order. */
    public List<String> keys(String after, int limit) {
        List<String> out = new ArrayList<>();
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(snapshots, ro)) {
            if (after == null) {
                it.seekToFirst();
            } else {
                it.seek(bytes(after));
                if (it.isValid() && new String(it.key(), StandardCharsets.UTF_8).equals(after)) {
                    it.next();
                }
            }
            while (it.isValid() && out.size() < limit) {
                out.add(new String(it.key(), StandardCharsets.UTF_8));
                it.next();
            }
        }
        return out;
    }

    private List<String> scan(ColumnFamilyHandle family, byte[] prefix, int limit, Predicate<String> filter) {
        Set<String> out = new LinkedHashSet<>();
        try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(false);
                RocksIterator it = db.newIterator(family, ro)) {
            for (it.seek(prefix); it.isValid() && out.size() < limit; it.next()) {
                byte[] k = it.key();
                if (!startsWith(k, prefix)) {
                    break;
                }
                int sep = lastIndexOf(k, SEP);
                String key = new String(k, sep + 1, k.length - sep - 1, StandardCharsets.UTF_8);
                if (filter.test(key)) {
                    out.add(key);
                }
            }
        }
        return new ArrayList<>(out);
    }

    // ---- index terms ----

    private static List<String> byKvkKeys(Registration r) {
        return List.of(r.getKvkNummer());
    }

    static List<String> postcodes(Registration r) {
        Set<String> out = new LinkedHashSet<>(2);
        addPostcode(out, r.getVisitingAddress());
        addPostcode(out, r.getPostalAddress());
        return new ArrayList<>(out);
    }

    private static void addPostcode(Set<String> out, Address a) {
        if (a != null && a.getPostcode() != null && a.getStreetAndNumber() == null) {
            out.add(a.getPostcode());
        }
    }

    /** Distinct words of the trade names and the statutory name, folded; at most {@value #MAX_NAME_TOKENS}. */
    public static List<String> nameTokens(Registration r) {
        // a list, not a set: a name has a handful of words, and a linear look for a repeat is cheaper than hashing
        List<String> out = new ArrayList<>(8);
        addTokens(out, r.getTradeName());
        for (String n : r.getTradeNames()) {
            addTokens(out, n);
        }
        addTokens(out, r.getStatutoryName());
        return out;
    }

    private static void addTokens(List<String> out, String text) {
        if (text == null) {
            return;
        }
        String folded = fold(text);
        int start = -1;
        for (int i = 0; i <= folded.length(); i++) {
            boolean wordChar = i < folded.length() && Character.isLetterOrDigit(folded.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                if (out.size() >= MAX_NAME_TOKENS) {
                    return;
                }
                String word = folded.substring(start, i);
                if (!out.contains(word)) {
                    out.add(word);
                }
                start = -1;
            }
        }
    }

    /** Lower case without diacritics: how names are indexed and searched. */
    public static String fold(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        if (ascii) {
            return text.toLowerCase(Locale.ROOT);
        }
        String d = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static List<byte[]> indexKeys(List<String> terms, byte[] key) {
        List<byte[]> out = new ArrayList<>(terms.size());
        for (String t : terms) {
            byte[] term = bytes(t);
            byte[] k = new byte[term.length + 1 + key.length];
            System.arraycopy(term, 0, k, 0, term.length);
            k[term.length] = SEP;
            System.arraycopy(key, 0, k, term.length + 1, key.length);
            out.add(k);
        }
        return out;
    }

    // ---- encoding ----

    private final AvroBinary<Registration> avro = AvroBinary.registrations();

    private synchronized byte[] encode(Registration r) {
        return avro.encode(r);
    }

    private Registration decode(byte[] value) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, null);
        try {
            synchronized (reader) {
                return reader.read(null, decoder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a replica snapshot is unreadable; rebuild the replica", e);
        }
    }

    private byte[] rawGet(ColumnFamilyHandle h, byte[] key) {
        try {
            return db.get(h, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the register replica: " + e.getMessage(), e);
        }
    }

    private void rawPut(ColumnFamilyHandle h, byte[] key, byte[] value) {
        try {
            db.put(h, syncWrites, key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write the register replica: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lastIndexOf(byte[] a, byte b) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        syncWrites.close();
        logWrites.close();
        dbOptions.close();
        cfOptions.close();
        indexOptions.close();
        searchOptions.close();
        cache.close();
    }
}
