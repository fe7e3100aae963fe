package nl.kvksync.matcher.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.RegistrationFacts;

/**
 * Every ACTIVE registration's matching facts in parallel primitive arrays (key, postcode digits, up to three SBI
 * code ids, legal form, employees, section of the primary code), one slot per registration, with a
 * {@link LongIntMap} from key to slot: about 40 bytes per registration (the benchmark reports the exact figure).
 * A registration that ends, or is deleted from the register, leaves the index. A dry run scans the arrays under a
 * read lock; the Streams global thread writes under the write lock.
 */
public final class RegisterIndex {

    /** What a dry run reports about one profile over the index. */
    public record Selection(long selected, long alreadySubscribed, List<String> sample, Map<String, Long> bySbiSection,
            Map<String, Long> byPostcodeRegion) {
    }

    private static final int FREE = -1;

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

    public RegisterIndex() {
        this(1024);
    }

    public RegisterIndex(int expected) {
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
     * {@code sampleSize} keys, and counts by SBI section of the primary code and by postcode region (two digits).
     */
    public Selection preview(CompiledProfile profile, long[] subscribed, int sampleSize) {
        long[] bySection = new long[128];
        long[] byRegion = new long[100];
        List<String> sample = new ArrayList<>(sampleSize);
        long selected = 0;
        long alreadySubscribed = 0;
        lock.readLock().lock();
        try {
            int n = used;
            short[] pcs = postcodes;
            for (int i = 0; i < n; i++) {
                int pc = pcs[i];
                if (pc < 0 || !profile.postcodeAllowed(pc) || !matchesRest(profile, i)) {
                    continue;
                }
                selected++;
                bySection[sections[i] & 0x7f]++;
                byRegion[pc / 100]++;
                if (sample.size() < sampleSize) {
                    sample.add(RegistrationKeys.decode(keys[i]));
                }
            }
            for (long key : subscribed) {
                int slot = slots.get(key, FREE);
                if (slot != FREE && profile.postcodeAllowed(postcodes[slot]) && matchesRest(profile, slot)) {
                    alreadySubscribed++;
                }
            }
        } finally {
            lock.readLock().unlock();
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

    /** Every key {@code profile} selects, in index order (for an import). */
    public long[] select(CompiledProfile profile) {
        long[] out = new long[256];
        int count = 0;
        lock.readLock().lock();
        try {
            int n = used;
            short[] pcs = postcodes;
            for (int i = 0; i < n; i++) {
                int pc = pcs[i];
                if (pc < 0 || !profile.postcodeAllowed(pc) || !matchesRest(profile, i)) {
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

    private boolean matchesRest(CompiledProfile profile, int i) {
        if (!profile.legalFormAllowed(legalForms[i]) || !profile.employeesAllowed(employees[i])) {
            return false;
        }
        if (profile.codeAllowed(code0[i] - 1)) {
            return true;
        }
        if (!profile.anyScope()) {
            return false;
        }
        if (profile.codeAllowed(code1[i] - 1) || profile.codeAllowed(code2[i] - 1)) {
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
