package nl.kvksync.matcher.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import nl.kvksync.contracts.crm.EnvironmentChanged;

/**
 * Which environments have the advanced KvK module on, kept current from {@code crm.environments.v1}. An unknown,
 * deleted or switched-off environment gets no proposals. Thread-safe.
 */
public final class EnvironmentBook {

    private final Map<String, Boolean> advanced = new ConcurrentHashMap<>();

    /** Applies one record (key environmentId); null or deleted removes the environment. */
    public void apply(String key, EnvironmentChanged environment) {
        if (environment == null || environment.getDeleted()) {
            advanced.remove(environment == null ? key : environment.getEnvironmentId());
        } else {
            advanced.put(environment.getEnvironmentId(), environment.getAdvancedModule());
        }
    }

    public boolean advancedModuleOn(String environmentId) {
        return advanced.getOrDefault(environmentId, false);
    }

    public int size() {
        return advanced.size();
    }
}
