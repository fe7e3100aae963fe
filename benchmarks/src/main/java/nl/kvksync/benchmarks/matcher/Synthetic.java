package nl.kvksync.benchmarks.matcher;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.ProfileSpec;
import nl.kvksync.matcher.profile.RegistrationFacts;
import nl.kvksync.matcher.profile.SbiCodes;
import nl.kvksync.matcher.register.RegisterIndex;

/**
 * Seeded synthetic data shaped like the register: postcodes over 1000-9999, SBI codes drawn from the real SBI
 * lists (one to three activities), legal forms, employees; profiles with one to three postcode ranges of a few
 * hundred postcodes, one to three include prefixes of 2-4 digits, sometimes an exclude, a legal form or a minimum.
 */
final class Synthetic {

    private static final String[] LEGAL = {"BV", "EENMANSZAAK", "VOF", "STICHTING", "NV", "VERENIGING"};

    private Synthetic() {
    }

    static RegistrationFacts facts(SplittableRandom random) {
        SbiCodes sbi = SbiCodes.get();
        int known = sbi.knownCount();
        int activities = 1 + random.nextInt(3);
        int[] others = new int[activities - 1];
        for (int i = 0; i < others.length; i++) {
            others[i] = random.nextInt(known);
        }
        int primary = random.nextInt(known);
        return new RegistrationFacts(1000 + random.nextInt(9000), primary, others, 1 + random.nextInt(20),
                random.nextInt(4) == 0 ? -1 : random.nextInt(200), 'G');
    }

    static RegisterIndex index(int registrations, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RegisterIndex index = new RegisterIndex(registrations);
        for (int i = 0; i < registrations; i++) {
            index.upsert(String.format("%012d", 100_000_000_000L + i), facts(random));
        }
        return index;
    }

    static List<CompiledProfile> profiles(int count, int environments, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SbiCodes sbi = SbiCodes.get();
        List<CompiledProfile> profiles = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            List<ProfileSpec.Range> ranges = new ArrayList<>();
            for (int r = 0, n = 1 + random.nextInt(3); r < n; r++) {
                int from = 1000 + random.nextInt(8500);
                ranges.add(new ProfileSpec.Range(from, Math.min(9999, from + 50 + random.nextInt(400))));
            }
            List<String> include = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                String code = sbi.code(random.nextInt(sbi.knownCount()));
                include.add(code.substring(0, Math.min(code.length(), 2 + random.nextInt(3))));
            }
            List<String> exclude = random.nextInt(3) == 0 ? List.of(sbi.code(random.nextInt(sbi.knownCount())))
                    : List.of();
            profiles.add(CompiledProfile.compile("env-" + (p % environments), "profile-" + p,
                    new ProfileSpec("profile " + p, "prospect", true, ranges, include, exclude,
                            random.nextBoolean() ? "PRIMARY" : "ANY",
                            random.nextInt(5) == 0 ? List.of(LEGAL[random.nextInt(LEGAL.length)]) : List.of(),
                            random.nextInt(5) == 0 ? 1 + random.nextInt(50) : null)));
        }
        return profiles;
    }
}
