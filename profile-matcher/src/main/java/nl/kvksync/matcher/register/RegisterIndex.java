package nl.kvksync.matcher.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.RegistrationFacts;
import nl.kvksync.matcher.profile.SbiCodes;

/**
 * Every ACTIVE registration's matching facts in parallel primitive arrays (key, postcode digits, up to three SBI
 * code ids, legal form, employees, section of the primary code), one slot per registration, with a
 * {@link LongIntMap} from key to slot: about 40 bytes per registration (the benchmark reports the exact figure).
 * A registration that ends, or is deleted from the register, leaves the index. A dry run scans the arrays under a
 * read lock (a large index in parts on the calling thread and the scan threads); the Streams global thread writes
 * under the write lock.
 */
public final class RegisterIndex {

    /** What a dry run reports about one profile over the index. */
    public record Selection(long selected, long alreadySubscribed, List<String> sample, Map<String, Long> bySbiSection,
            Map<String, Long> byPostcodeRegion) {
    }

    private static final int FREE = -1;

    /** A dry run over more slots than this is split over the scan threads (a scan costs 5-15 ms CPU per million). */
    static final int PARALLEL_SLOTS = 1 << 20;
    /** One scan thread per further core, at most three; none on a single core. */
    static final int SCAN_THREADS = Math.min(3, Runtime.getRuntime().availableProcessors() - 1);
    private static final ExecutorService SCANNERS = SCAN_THREADS <= 0 ? null
            : Executors.newFixedThreadPool(SCAN_THREADS, new ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "register-scan-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LongIntMap slots;
    private long[] keys;
    private short[] postcodes;
    private char[] code0;
    private char[] code1;
    private char[] code2;
    private byte[] legalForms;
    private int[] employees;
    private byte[] sections;
    private final Map<Integer, int[]> moreCodes = new HashMap<>();
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int used;
    private volatile boolean loadedFromStore;
    private final int parallelSlots;

    public RegisterIndex() {
        this(1024);
    }

    public RegisterIndex(int expected) {
        this(expected, PARALLEL_SLOTS);
    }

    /** {@code parallelSlots}: the index size from which a dry run is split over the scan threads (tests: early). */
    RegisterIndex(int expected, int parallelSlots) {
        this.parallelSlots = parallelSlots;
        int capacity = Math.max(16, expected);
        slots = new LongIntMap(capacity);
        keys = new long[capacity];
        postcodes = new short[capacity];
        Arrays.fill(postcodes, (short) FREE);
        code0 = new char[capacity];
        code1 = new char[capacity];
        code2 = new char[capacity];
        legalForms = new byte[capacity];
        employees = new int[capacity];
        sections = new byte[capacity];
    }

    /** Applies one snapshot of {@code kvk.registrations.v1}: ACTIVE enters or updates, anything else leaves. */
    public void apply(String key, Registration registration) {
        if (registration == null || registration.getStatus() != RegistrationStatus.ACTIVE) {
            remove(key);
        } else {
            upsert(key, RegistrationFacts.of(registration));
        }
    }

    public void upsert(String registrationKey, RegistrationFacts f) {
        long key = RegistrationKeys.encode(registrationKey);
        lock.writeLock().lock();
        try {
            int slot = slots.get(key, FREE);
            if (slot == FREE) {
                slot = allocate();
                slots.put(key, slot);
            }
            keys[slot] = key;
            postcodes[slot] = (short) f.postcode();
            code0[slot] = (char) (f.primaryCode() + 1);
            int[] others = f.otherCodes();
            code1[slot] = others.length > 0 ? (char) (others[0] + 1) : 0;
            code2[slot] = others.length > 1 ? (char) (others[1] + 1) : 0;
            if (others.length > 2) {
                moreCodes.put(slot, Arrays.copyOfRange(others, 2, others.length));
            } else if (!moreCodes.isEmpty()) {
                moreCodes.remove(slot);
            }
            legalForms[slot] = (byte) f.legalForm();
            employees[slot] = f.employees();
            sections[slot] = (byte) f.section();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void remove(String registrationKey) {
        long key = RegistrationKeys.encode(registrationKey);
        lock.writeLock().lock();
        try {
            int slot = slots.remove(key, FREE);
            if (slot != FREE) {
                postcodes[slot] = (short) FREE;
                moreCodes.remove(slot);
                if (freeCount == freeSlots.length) {
                    freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
                }
                freeSlots[freeCount++] = slot;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean contains(String registrationKey) {
        long key = RegistrationKeys.encode(registrationKey);
        lock.readLock().lock();
        try {
            return slots.containsKey(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Active registrations in the index. */
    public int size() {
        lock.readLock().lock();
        try {
            return slots.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Heap bytes of the index's arrays and map (capacity, not only the used part). */
    public long bytes() {
        lock.readLock().lock();
        try {
            long perSlot = 8 + 2 + 2 + 2 + 2 + 1 + 4 + 1;
            return slots.bytes() + (long) keys.length * perSlot + freeSlots.length * 4L + moreCodes.size() * 64L;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** True once the index was filled from the on-disk register after a restart (see the register processor). */
    public boolean markLoadedFromStore() {
        boolean first = !loadedFromStore;
        loadedFromStore = true;
        return first;
    }

    /**
     * Counts what {@code profile} selects: active registrations, those of them in {@code subscribed}, the first
     * {@code sampleSize} keys (in index order), and counts by SBI section of the primary code and by postcode region
     * (two digits). An index of more than {@link #PARALLEL_SLOTS} slots is scanned in contiguous parts, one on the
     * calling thread and one on each scan thread, under the caller's read lock.
     */
    public Selection preview(CompiledProfile profile, long[] subscribed, int sampleSize) {
        long alreadySubscribed = 0;
        List<Part> parts = new ArrayList<>();
        lock.readLock().lock();
        try {
            int n = used;
            int count = n >= parallelSlots && SCANNERS != null ? SCAN_THREADS + 1 : 1;
            int chunk = (n + count - 1) / count;
            Tables tables = Tables.of(profile);
            List<Future<Part>> helpers = new ArrayList<>(count - 1);
            for (int p = 1; p < count; p++) {
                int from = Math.min(n, p * chunk);
                int to = Math.min(n, from + chunk);
                helpers.add(SCANNERS.submit(() -> new Part(sampleSize).scan(profile, tables, from, to)));
            }
            parts.add(new Part(sampleSize).scan(profile, tables, 0, Math.min(n, chunk)));
            for (long key : subscribed) {
                int slot = slots.get(key, FREE);
                if (slot != FREE && matches(profile, slot)) {
                    alreadySubscribed++;
                }
            }
            for (Future<Part> helper : helpers) {
                parts.add(join(helper));
            }
        } finally {
            lock.readLock().unlock();
        }
        long selected = 0;
        long[] bySection = new long[128];
        long[] byRegion = new long[100];
        List<String> sample = new ArrayList<>(sampleSize);
        for (Part part : parts) {
            selected += part.selected;
            for (int s = 0; s < bySection.length; s++) {
                bySection[s] += part.bySection[s];
            }
            for (int r = 0; r < byRegion.length; r++) {
                byRegion[r] += part.byRegion[r];
            }
            for (int i = 0; i < part.sampled && sample.size() < sampleSize; i++) {
                sample.add(RegistrationKeys.decode(part.sample[i]));
            }
        }
        Map<String, Long> sections = new java.util.TreeMap<>();
        for (int s = 0; s < bySection.length; s++) {
            if (bySection[s] > 0) {
                sections.put(s == '?' || s == 0 ? "?" : String.valueOf((char) s), bySection[s]);
            }
        }
        Map<String, Long> regions = new java.util.TreeMap<>();
        for (int r = 0; r < byRegion.length; r++) {
            if (byRegion[r] > 0) {
                regions.put(r == 0 ? "none" : String.format("%02d", r), byRegion[r]);
            }
        }
        return new Selection(selected, alreadySubscribed, sample, sections, regions);
    }

    /**
     * What one contiguous range of slots contributes to a dry run. The loop looks codes, postcodes and legal forms
     * up in flat tables and counts without branching on the outcome: a broad profile selects one registration in
     * six or seven at random, which a branch per registration mispredicts every time.
     */
    private final class Part {
        final long[] bySection = new long[128];
        final long[] byRegion = new long[100];
        final long[] sample;
        int sampled;
        long selected;

        Part(int sampleSize) {
            sample = new long[sampleSize];
        }

        Part scan(CompiledProfile profile, Tables t, int from, int to) {
            boolean[] code = t.codes;
            boolean[] postcode = t.postcodes;
            boolean[] legal = t.legalForms;
            boolean any = profile.anyScope();
            boolean checkLegalForm = !profile.anyLegalForm();
            int min = profile.minEmployees();
            boolean more = !moreCodes.isEmpty();
            short[] pcs = postcodes;
            char[] c0 = code0;
            char[] c1 = code1;
            char[] c2 = code2;
            for (int i = from; i < to; i++) {
                int pc = pcs[i];
                if (pc < 0) {
                    continue; // a free slot
                }
                boolean m = any ? code[c0[i]] | code[c1[i]] | code[c2[i]] : code[c0[i]];
                if (any && more && !m && c2[i] != 0) {
                    m = sbiMatches(profile, i); // more than three codes: rare
                }
                m &= postcode[pc];
                if (checkLegalForm) {
                    m &= legal[legalForms[i]];
                }
                if (min > 0) {
                    m &= employees[i] >= min;
                }
                int hit = m ? 1 : 0;
                selected += hit;
                bySection[sections[i] & 0x7f] += hit;
                byRegion[pc / 100] += hit;
                if (m && sampled < sample.length) {
                    sample[sampled++] = keys[i];
                }
            }
            return this;
        }
    }

    /** A profile's lookup tables for one dry run, built under the read lock (every code id in the index is known). */
    private record Tables(boolean[] codes, boolean[] postcodes, boolean[] legalForms) {
        static Tables of(CompiledProfile profile) {
            return new Tables(profile.codeTablePlusOne(SbiCodes.get().size()), profile.postcodeTable(),
                    profile.legalFormTable());
        }
    }

    private static Part join(Future<Part> part) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning the register index", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Every key {@code profile} selects, in index order (for an import). */
    public long[] select(CompiledProfile profile) {
        long[] out = new long[256];
        int count = 0;
        lock.readLock().lock();
        try {
            int n = used;
            for (int i = 0; i < n; i++) {
                if (!matches(profile, i)) {
                    continue;
                }
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = keys[i];
            }
        } finally {
            lock.readLock().unlock();
        }
        return Arrays.copyOf(out, count);
    }

    /**
     * Whether the registration in slot {@code i} matches. Every profile restricts the SBI codes, so they are read
     * first; the postcode, legal-form and employees columns are read only when the profile restricts them (a broad
     * profile — the whole country, any legal form — then touches one or two columns instead of six).
     */
    private boolean matches(CompiledProfile profile, int i) {
        int pc = postcodes[i];
        if (pc < 0 || (!profile.anyPostcode() && !profile.postcodeAllowed(pc)) || !sbiMatches(profile, i)) {
            return false;
        }
        if (!profile.anyLegalForm() && !profile.legalFormAllowed(legalForms[i])) {
            return false;
        }
        int min = profile.minEmployees();
        return min <= 0 || employees[i] >= min;
    }

    /** Code ids are stored plus one; 0 means no (further) code, and a registration's codes fill code0, 1, 2 in order. */
    private boolean sbiMatches(CompiledProfile profile, int i) {
        if (profile.codeAllowed(code0[i] - 1)) {
            return true;
        }
        if (!profile.anyScope()) {
            return false;
        }
        int c1 = code1[i];
        if (c1 == 0) {
            return false;
        }
        if (profile.codeAllowed(c1 - 1)) {
            return true;
        }
        int c2 = code2[i];
        if (c2 == 0) {
            return false;
        }
        if (profile.codeAllowed(c2 - 1)) {
            return true;
        }
        int[] more = moreCodes.isEmpty() ? null : moreCodes.get(i);
        if (more != null) {
            for (int code : more) {
                if (profile.codeAllowed(code)) {
                    return true;
                }
            }
        }
        return false;
    }

    private int allocate() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (used == keys.length) {
            int capacity = keys.length + (keys.length >> 1);
            keys = Arrays.copyOf(keys, capacity);
            postcodes = Arrays.copyOf(postcodes, capacity);
            Arrays.fill(postcodes, used, capacity, (short) FREE);
            code0 = Arrays.copyOf(code0, capacity);
            code1 = Arrays.copyOf(code1, capacity);
            code2 = Arrays.copyOf(code2, capacity);
            legalForms = Arrays.copyOf(legalForms, capacity);
            employees = Arrays.copyOf(employees, capacity);
            sections = Arrays.copyOf(sections, capacity);
        }
        return used++;
    }
}
