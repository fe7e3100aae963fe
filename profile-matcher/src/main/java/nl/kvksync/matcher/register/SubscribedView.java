package nl.kvksync.matcher.register;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which registrations each environment already follows (at least one active subscription of an organisation in
 * that environment), for the dry run's {@code alreadySubscribed} and for imports. Set semantics, so replaying a
 * change is harmless. Kept current by the routing topology's subscriber processor, which owns the durable
 * {@code subscribers} store; thread-safe.
 */
public final class SubscribedView {

    private final Map<String, LongIntMap> byEnvironment = new HashMap<>();

    /** Registration {@code registrationKey} is now followed in exactly {@code environments} (was: {@code before}). */
    public synchronized void replace(String registrationKey, Collection<String> before,
            Collection<String> environments) {
        long key = RegistrationKeys.encode(registrationKey);
        for (String env : before) {
            if (!environments.contains(env)) {
                LongIntMap set = byEnvironment.get(env);
                if (set != null) {
                    set.remove(key, 0);
                }
            }
        }
        for (String env : environments) {
            byEnvironment.computeIfAbsent(env, e -> new LongIntMap(64)).put(key, 1);
        }
    }

    public synchronized boolean contains(String environmentId, long registrationKey) {
        LongIntMap set = byEnvironment.get(environmentId);
        return set != null && set.containsKey(registrationKey);
    }

    public synchronized int count(String environmentId) {
        LongIntMap set = byEnvironment.get(environmentId);
        return set == null ? 0 : set.size();
    }

    /** A copy of the keys {@code environmentId} follows. */
    public synchronized long[] keys(String environmentId) {
        LongIntMap set = byEnvironment.get(environmentId);
        if (set == null) {
            return new long[0];
        }
        long[] out = new long[set.size()];
        int[] n = {0};
        set.forEachKey(k -> out[n[0]++] = k);
        return out;
    }

    public synchronized int size() {
        return byEnvironment.values().stream().mapToInt(LongIntMap::size).sum();
    }
}
