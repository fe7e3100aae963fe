package nl.kvksync.review.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.review.environment.EnvironmentDirectory;
import nl.kvksync.review.platform.Caller;
import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.sbi.SbiCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Profiles and imports. A profile change is stored first (version + 1), then published; a publication that fails
 * is finished by {@link #republish()}. An import runs the dry run, refuses a selection outside the band, and
 * otherwise records and publishes an ImportRequested with a deterministic import id (a retried request finds the
 * running import instead of starting another).
 */
@Service
class ProfileService {

    private static final Logger log = LoggerFactory.getLogger(ProfileService.class);
    private static final Pattern PROFILE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final ProfileStore profiles;
    private final ImportStore imports;
    private final ProfilePublisher publisher;
    private final MatcherClient matcher;
    private final EnvironmentDirectory environments;
    private final ProfileValidator validator;
    private final ProfileProperties properties;

    ProfileService(ProfileStore profiles, ImportStore imports, ProfilePublisher publisher, MatcherClient matcher,
            EnvironmentDirectory environments, SbiCatalogue sbi, ProfileProperties properties) {
        this.profiles = profiles;
        this.imports = imports;
        this.publisher = publisher;
        this.matcher = matcher;
        this.environments = environments;
        this.validator = new ProfileValidator(sbi);
        this.properties = properties;
    }

    ProfileStore.StoredProfile create(String env, Map<String, Object> body, Caller caller) {
        ProfileSpec spec = validate(env, body);
        String profileId = body.get("profileId") instanceof String id ? id : slug(spec.name());
        if (!PROFILE_ID.matcher(profileId).matches()) {
            throw ProblemException.invalid("profileId", "lower-case letters, digits and dashes, at most 64");
        }
        var profile = new ProfileStore.StoredProfile(env, profileId, spec, 1, false, 0, caller.subject(),
                System.currentTimeMillis());
        if (!profiles.insert(profile)) {
            var existing = profiles.find(env, profileId).orElseThrow();
            if (existing.spec().equals(spec) && !existing.deleted()) {
                return existing;
            }
            throw ProblemException.conflict("profile-exists", "a profile " + profileId + " already exists",
                    Map.of("profileId", profileId));
        }
        return publish(profile);
    }

    ProfileStore.StoredProfile update(String env, String profileId, Map<String, Object> body, Caller caller) {
        var current = get(env, profileId);
        ProfileSpec spec = validate(env, body);
        if (body.get("version") instanceof Number expected && expected.longValue() != current.version()) {
            throw ProblemException.conflict("profile-version", "profile " + profileId + " is at version "
                    + current.version() + ", not " + expected, Map.of("version", current.version()));
        }
        var next = new ProfileStore.StoredProfile(env, profileId, spec, current.version() + 1, false,
                current.publishedVersion(), caller.subject(), System.currentTimeMillis());
        if (!profiles.replace(next, current.version())) {
            throw ProblemException.conflict("profile-version", "profile " + profileId + " changed meanwhile; reload it",
                    Map.of());
        }
        return publish(next);
    }

    void delete(String env, String profileId, Caller caller) {
        var current = get(env, profileId);
        var next = new ProfileStore.StoredProfile(env, profileId, current.spec(), current.version() + 1, true,
                current.publishedVersion(), caller.subject(), System.currentTimeMillis());
        if (!profiles.replace(next, current.version())) {
            throw ProblemException.conflict("profile-version", "profile " + profileId + " changed meanwhile", Map.of());
        }
        publish(next);
    }

    ProfileStore.StoredProfile get(String env, String profileId) {
        return profiles.find(env, profileId).filter(p -> !p.deleted())
                .orElseThrow(() -> ProblemException.notFound("profile", "profile " + profileId
                        + " not found in environment " + env));
    }

    List<ProfileStore.StoredProfile> list(String env) {
        return profiles.list(env);
    }

    /** The dry run of a profile body, with this service's band (the one an import is held to). */
    Map<String, Object> preview(String env, Map<String, Object> body, Caller caller) {
        return preview(env, validate(env, body), caller);
    }

    Map<String, Object> preview(String env, ProfileSpec spec, Caller caller) {
        Map<String, Object> answer = new LinkedHashMap<>(matcher.preview(env, spec, caller.bearer()));
        long selected = ((Number) answer.get("selected")).longValue();
        answer.put("band", Map.of("min", properties.bandMin(), "max", properties.bandMax()));
        answer.put("withinBand", selected >= properties.bandMin() && selected <= properties.bandMax());
        return answer;
    }

    ImportStore.ImportRecord startImport(String env, String profileId, Caller caller) {
        var profile = get(env, profileId);
        for (int attempt = 0; attempt < 1000; attempt++) {
            String importId = importId(env, profileId, profile.version(), attempt);
            var existing = imports.find(importId);
            if (existing.isPresent()) {
                if (List.of("REQUESTED", "STARTED", "RUNNING").contains(existing.get().status())) {
                    return existing.get();
                }
                continue;
            }
            Map<String, Object> dryRun = preview(env, profile.spec(), caller);
            long selected = ((Number) dryRun.get("selected")).longValue();
            long already = dryRun.get("alreadySubscribed") instanceof Number n ? n.longValue() : 0;
            if (!Boolean.TRUE.equals(dryRun.get("withinBand"))) {
                throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "selection-out-of-band",
                        "Selection outside the band", "profile " + profileId + " selects " + selected
                        + " registrations; an import must select between " + properties.bandMin() + " and "
                        + properties.bandMax() + ": narrow or widen the profile", null,
                        Map.of("selected", selected, "band", Map.of("min", properties.bandMin(),
                                "max", properties.bandMax())));
            }
            long now = System.currentTimeMillis();
            var record = new ImportStore.ImportRecord(importId, env, profileId, profile.spec().name(),
                    profile.version(), "REQUESTED", selected, already, 0, 0, properties.bandMin(),
                    properties.bandMax(), caller.subject(), now, now, null);
            if (!imports.insert(record)) {
                return imports.find(importId).orElseThrow();
            }
            try {
                publisher.requestImport(ImportRequested.newBuilder().setEventId(importId)
                        .setOccurredAt(Instant.ofEpochMilli(now)).setImportId(importId).setEnvironmentId(env)
                        .setProfileId(profileId).setProfile(ProfilePublisher.toAvro(profile))
                        .setRequestedBy(caller.subject()).setBandMin(properties.bandMin())
                        .setBandMax(properties.bandMax()).build());
            } catch (IllegalStateException e) {
                imports.fail(importId, "the import request could not be published: " + e.getMessage());
                throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Kafka unavailable",
                        "the import request could not be published; try again", null, Map.of("importId", importId));
            }
            log.info("import {} of profile {} requested by {}: {} selected", importId, profileId, caller.subject(),
                    selected);
            return record;
        }
        throw new IllegalStateException("too many imports of profile " + profileId);
    }

    ImportStore.ImportRecord findImport(String env, String importId) {
        return imports.find(importId).filter(i -> env.equals(i.environmentId()))
                .orElseThrow(() -> ProblemException.notFound("import", "import " + importId
                        + " not found in environment " + env));
    }

    List<ImportStore.ImportRecord> imports(String env) {
        return imports.list(env);
    }

    /** Publishes profiles whose last change did not reach the topic (start-up and every minute). */
    @Scheduled(initialDelay = 5_000, fixedDelay = 60_000)
    void republish() {
        for (var p : profiles.unpublished()) {
            try {
                publish(p);
            } catch (IllegalStateException e) {
                log.warn("profile {} still unpublished: {}", p.profileId(), e.getMessage());
            }
        }
    }

    private ProfileStore.StoredProfile publish(ProfileStore.StoredProfile p) {
        publisher.publish(p);
        profiles.markPublished(p.environmentId(), p.profileId(), p.version());
        return new ProfileStore.StoredProfile(p.environmentId(), p.profileId(), p.spec(), p.version(), p.deleted(),
                p.version(), p.updatedBy(), p.updatedAt());
    }

    private ProfileSpec validate(String env, Map<String, Object> body) {
        List<String> types = environments.find(env).map(EnvironmentDirectory.Environment::organisationTypes)
                .orElse(List.of());
        return validator.validate(body, types);
    }

    static String importId(String env, String profileId, long version, int attempt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((env + "|" + profileId + "|" + version + "|"
                    + attempt).getBytes(StandardCharsets.UTF_8));
            return "imp-" + HexFormat.of().formatHex(hash, 0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 48) {
            s = s.substring(0, 48);
        }
        return (s.isEmpty() ? "profile" : s) + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
