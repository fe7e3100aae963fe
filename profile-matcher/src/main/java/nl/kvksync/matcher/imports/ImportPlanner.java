package nl.kvksync.matcher.imports;

import java.util.Arrays;

import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.InvalidProfileException;
import nl.kvksync.matcher.profile.ProfileSpec;
import nl.kvksync.matcher.register.RegisterIndex;
import nl.kvksync.matcher.register.SubscribedView;
import nl.kvksync.matcher.routing.EnvironmentBook;

/**
 * Decides what an import does: refuse it (advanced module off, invalid profile, selection outside the band
 * {@code [bandMin, bandMax]} of the request, or more proposals than the hard cap) with a sentence the admin can
 * act on, or plan the registrations to propose: the profile's whole active selection minus those the
 * environment already follows, in index order.
 */
public final class ImportPlanner {

    /** The outcome of planning. */
    public sealed interface Plan permits Refused, Accepted {
        long selected();

        long alreadySubscribed();
    }

    public record Refused(String detail, long selected, long alreadySubscribed) implements Plan {
    }

    public record Accepted(long[] keys, long selected, long alreadySubscribed) implements Plan {
    }

    private ImportPlanner() {
    }

    public static Plan plan(ImportRequested request, RegisterIndex index, SubscribedView subscribed,
            EnvironmentBook environments, long hardCap) {
        String env = request.getEnvironmentId();
        if (!environments.advancedModuleOn(env)) {
            return new Refused("The advanced KvK module is off in environment " + env
                    + ": switch it on before importing.", 0, 0);
        }
        CompiledProfile profile;
        try {
            profile = CompiledProfile.compile(env, request.getProfileId(), ProfileSpec.of(request.getProfile()));
        } catch (InvalidProfileException e) {
            return new Refused("The profile is invalid: " + e.getMessage().replaceFirst("^invalid profile: ", "")
                    + ".", 0, 0);
        }
        long[] selection = index.select(profile);
        long[] keys = new long[selection.length];
        int n = 0;
        for (long key : selection) {
            if (!subscribed.contains(env, key)) {
                keys[n++] = key;
            }
        }
        long selected = selection.length;
        long already = selected - n;
        if (selected < request.getBandMin()) {
            return new Refused("The profile selects " + selected + " active registrations, fewer than the minimum of "
                    + request.getBandMin() + ": widen it (more postcode ranges or SBI codes).", selected, already);
        }
        if (selected > request.getBandMax()) {
            return new Refused("The profile selects " + selected + " active registrations, more than the maximum of "
                    + request.getBandMax() + ": narrow it (fewer postcode ranges or SBI codes, a legal form or a"
                    + " minimum number of employees).", selected, already);
        }
        if (n > hardCap) {
            return new Refused("The import would raise " + n + " proposals, more than this matcher's limit of "
                    + hardCap + " per import: narrow the profile.", selected, already);
        }
        return new Accepted(Arrays.copyOf(keys, n), selected, already);
    }
}
