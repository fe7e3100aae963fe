package nl.kvksync.matcher.register;

import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.matcher.Fixtures;
import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.ProfileSpec;
import nl.kvksync.matcher.profile.RegistrationFacts;
import org.junit.jupiter.api.Test;

class RegisterIndexTest {

    @Test
    void longIntMapBehavesLikeAHashMapUnderRandomOperations() {
        Random random = new Random(7);
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextInt(5000) * 1_000_003L;
            switch (random.nextInt(3)) {
                case 0, 1 -> {
                    map.put(key, i);
                    reference.put(key, i);
                }
                default -> assertThat(map.remove(key, -1)).isEqualTo(reference.getOrDefault(key, -1)
                        .intValue() == -1 ? -1 : reference.remove(key));
            }
            if (i % 997 == 0) {
                assertThat(map.size()).isEqualTo(reference.size());
                reference.forEach((k, v) -> assertThat(map.get(k, -1)).isEqualTo(v));
            }
        }
    }

    @Test
    void registrationKeysRoundTrip() {
        for (String key : List.of("000038509504", "kvk:69599084", "something-else")) {
            assertThat(RegistrationKeys.decode(RegistrationKeys.encode(key))).isEqualTo(key);
        }
    }

    @Test
    void previewCountsWhatAProfileSelectsAndWhatIsAlreadyFollowed() {
        RegisterIndex index = new RegisterIndex(4);
        Random random = new Random(3);
        String[] codes = {"93110", "93122", "9313", "4711", "1071"};
        Map<String, Registration> register = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            Registration r = registration(key(i), String.format("%04dXY", 1000 + random.nextInt(9000)),
                    codes[random.nextInt(codes.length)], codes[random.nextInt(codes.length)]);
            if (random.nextInt(10) == 0) {
                r = Fixtures.ended(r);
            }
            index.apply(r.getRegistrationKey(), r);
            register.put(r.getRegistrationKey(), r);
        }
        for (int i = 0; i < 5000; i += 3) {
            index.remove(key(i));
            register.remove(key(i));
        }
        CompiledProfile profile = CompiledProfile.compile("e", "p", new ProfileSpec("p", "x", true,
                List.of(new ProfileSpec.Range(2000, 5999)), List.of("93"), List.of("9312"), "ANY", List.of(), null));
        Set<String> followed = Set.of(key(1), key(2), key(4), key(5));
        long[] followedKeys = followed.stream().mapToLong(RegistrationKeys::encode).toArray();

        RegisterIndex.Selection s = index.preview(profile, followedKeys, 20);

        List<Registration> expected = register.values().stream()
                .filter(r -> r.getStatus() == nl.kvksync.contracts.kvk.RegistrationStatus.ACTIVE)
                .filter(r -> profile.matches(RegistrationFacts.of(r))).toList();
        assertThat(s.selected()).isEqualTo(expected.size()).isPositive();
        assertThat(s.alreadySubscribed()).isEqualTo(expected.stream().filter(r -> followed.contains(
                r.getRegistrationKey())).count());
        assertThat(s.sample()).hasSize(20).allSatisfy(k -> assertThat(expected).anyMatch(r ->
                r.getRegistrationKey().equals(k)));
        assertThat(s.byPostcodeRegion().keySet()).allSatisfy(region -> assertThat(Integer.parseInt(region))
                .isBetween(20, 59));
        assertThat(s.byPostcodeRegion().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.selected());
        assertThat(s.bySbiSection()).containsOnlyKeys("S", "G", "C");
        assertThat(index.select(profile)).hasSize(expected.size());
        assertThat(index.size()).isEqualTo(register.values().stream().filter(r -> r.getStatus()
                == nl.kvksync.contracts.kvk.RegistrationStatus.ACTIVE).count());
    }

    @Test
    void theColumnScanAgreesWithTheProfileOnEveryKindOfRegistrationAndProfile() {
        Random random = new Random(11);
        nl.kvksync.matcher.profile.SbiCodes sbi = nl.kvksync.matcher.profile.SbiCodes.get();
        RegisterIndex index = new RegisterIndex(16, 1_000); // split over the scan threads, as 6,000,000 would be
        Map<String, RegistrationFacts> active = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String key = key(random.nextInt(8000));
            if (random.nextInt(8) == 0) {
                index.remove(key);
                active.remove(key);
                continue;
            }
            int[] others = new int[random.nextInt(5)]; // up to four more codes: the index keeps two inline
            for (int o = 0; o < others.length; o++) {
                others[o] = random.nextInt(sbi.knownCount());
            }
            boolean primary = random.nextInt(20) != 0;
            RegistrationFacts facts = new RegistrationFacts(random.nextInt(10) == 0 ? 0 : 1000 + random.nextInt(9000),
                    primary ? random.nextInt(sbi.knownCount()) : RegistrationFacts.NO_CODE,
                    primary ? others : new int[0], random.nextInt(4), random.nextInt(6) == 0 ? -1
                            : random.nextInt(100), 'G');
            index.upsert(key, facts);
            active.put(key, facts);
        }
        long[] followed = active.keySet().stream().filter(k -> k.hashCode() % 5 == 0)
                .mapToLong(RegistrationKeys::encode).toArray();
        for (int p = 0; p < 100; p++) {
            List<ProfileSpec.Range> ranges = new java.util.ArrayList<>();
            for (int r = random.nextInt(3); r > 0; r--) {
                int from = 1000 + random.nextInt(8000);
                ranges.add(new ProfileSpec.Range(from, from + random.nextInt(1000)));
            }
            String code = sbi.code(random.nextInt(sbi.knownCount()));
            List<String> include = List.of(code.substring(0, 2));
            List<String> exclude = random.nextBoolean() ? List.of() : List.of(code.substring(0, Math.min(4,
                    code.length())));
            List<String> forms = random.nextInt(3) == 0 ? List.of("BV") : List.of();
            Integer min = random.nextInt(3) == 0 ? random.nextInt(50) : null;
            CompiledProfile profile = CompiledProfile.compile("e", "p" + p, new ProfileSpec("p", "x", true, ranges,
                    include, exclude, random.nextBoolean() ? "ANY" : "PRIMARY", forms, min));

            long expected = active.values().stream().filter(profile::matches).count();
            long expectedFollowed = java.util.Arrays.stream(followed).filter(k -> profile.matches(active.get(
                    RegistrationKeys.decode(k)))).count();
            RegisterIndex.Selection s = index.preview(profile, followed, 20);
            assertThat(s.selected()).as("profile %s", profile.spec()).isEqualTo(expected);
            assertThat(s.alreadySubscribed()).isEqualTo(expectedFollowed);
            long[] selection = index.select(profile);
            assertThat(selection).hasSize((int) expected);
            assertThat(s.sample()).as("the first 20 in index order").containsExactlyElementsOf(java.util.Arrays
                    .stream(selection).limit(20).mapToObj(RegistrationKeys::decode).toList());
            assertThat(s.bySbiSection().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
            assertThat(s.byPostcodeRegion().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
            assertThat(java.util.Arrays.stream(selection).mapToObj(RegistrationKeys::decode))
                    .allSatisfy(k -> assertThat(profile.matches(active.get(k))).isTrue());
        }
    }
}
