package nl.kvksync.matcher.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import nl.kvksync.contracts.review.ImportProfile;

/**
 * Every environment's valid profiles, kept current from {@code review.profiles.v1}. An invalid profile is refused
 * (and an earlier valid version of it removed), never thrown at the stream. The matcher for new registrations
 * (profiles that offer new registrations) is rebuilt lazily after a change. Thread-safe.
 */
public final class ProfileBook {

    /** The outcome of {@link #apply}: accepted, removed, or refused with the broken rules. */
    public record Outcome(boolean accepted, List<FieldError> errors) {
    }

    private final Map<String, CompiledProfile> profiles = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile long builtVersion = -1;
    private volatile RoutingMatcher matcher;

    /** Applies one record of {@code review.profiles.v1} (key environmentId:profileId); null or deleted removes. */
    public Outcome apply(String key, ImportProfile profile) {
        if (profile == null || profile.getDeleted()) {
            remove(key);
            return new Outcome(true, List.of());
        }
        try {
            CompiledProfile compiled = CompiledProfile.compile(profile.getEnvironmentId(), profile.getProfileId(),
                    ProfileSpec.of(profile));
            profiles.put(key, compiled);
            version.incrementAndGet();
            return new Outcome(true, List.of());
        } catch (InvalidProfileException e) {
            remove(key);
            return new Outcome(false, e.errors());
        }
    }

    public void remove(String key) {
        if (profiles.remove(key) != null) {
            version.incrementAndGet();
        }
    }

    public int size() {
        return profiles.size();
    }

    /** The matcher over every profile that offers new registrations, ordered by environment and profile id. */
    public RoutingMatcher forNewRegistrations() {
        long current = version.get();
        RoutingMatcher m = matcher;
        if (m != null && builtVersion == current) {
            return m;
        }
        synchronized (this) {
            current = version.get();
            if (matcher == null || builtVersion != current) {
                List<CompiledProfile> offering = new ArrayList<>();
                for (CompiledProfile p : profiles.values()) {
                    if (p.spec().offerNewRegistrations()) {
                        offering.add(p);
                    }
                }
                offering.sort(Comparator.comparing(CompiledProfile::environmentId)
                        .thenComparing(CompiledProfile::profileId));
                matcher = new RoutingMatcher(offering);
                builtVersion = current;
            }
            return matcher;
        }
    }
}
