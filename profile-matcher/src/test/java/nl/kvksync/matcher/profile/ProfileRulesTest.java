package nl.kvksync.matcher.profile;

import static nl.kvksync.matcher.Fixtures.key;
import static nl.kvksync.matcher.Fixtures.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.SbiVersion;
import org.junit.jupiter.api.Test;

class ProfileRulesTest {

    static ProfileSpec spec(List<ProfileSpec.Range> ranges, List<String> include, List<String> exclude, String scope,
            List<String> legalForms, Integer minEmployees) {
        return new ProfileSpec("p", "prospect", true, ranges, include, exclude, scope, legalForms, minEmployees);
    }

    @Test
    void validatorNamesEveryBrokenField() {
        List<FieldError> errors = ProfileValidator.validate(spec(List.of(new ProfileSpec.Range(5500, 5200),
                new ProfileSpec.Range(null, 99999)), List.of(), List.of("9x", "99999"), "BOTH", List.of("GMBH"), -3));
        assertThat(errors).extracting(FieldError::field).containsExactly("postcodeRanges[0]",
                "postcodeRanges[1].from", "postcodeRanges[1].to", "sbiInclude", "sbiExclude[0]", "sbiExclude[1]",
                "sbiScope", "legalForms[0]", "minEmployees");
        assertThat(ProfileValidator.validate(spec(List.of(new ProfileSpec.Range(5200, 5500)), List.of("93", "01241"),
                List.of("9312"), "ANY", List.of("BV"), 5))).isEmpty();
        assertThatThrownBy(() -> CompiledProfile.compile("e", "p", spec(null, null, null, null, null, null)))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("sbiInclude");
    }

    @Test
    void aCodeMatchesItsSubCodesAndExcludeWins() {
        CompiledProfile p = CompiledProfile.compile("e", "p",
                spec(List.of(), List.of("93"), List.of("9312"), "PRIMARY", List.of(), null));
        assertThat(p.matches(facts(registration(key(1), "1011AA", "9311")))).isTrue();
        assertThat(p.matches(facts(registration(key(1), "1011AA", "93122")))).isFalse();
        assertThat(p.matches(facts(registration(key(1), "1011AA", "9312")))).isFalse();
        assertThat(p.matches(facts(registration(key(1), "1011AA", "4711")))).isFalse();
        assertThat(p.anyPostcode()).isTrue();
        assertThat(p.explain(facts(registration(key(1), "1011AA", "93110"))))
                .isEqualTo(new CompiledProfile.Explanation("any postcode", "93 -> 93110", "93110"));
    }

    @Test
    void postcodeRangesAreInclusiveOnTheFourDigitsAndARegistrationWithoutPostcodeOnlyMatchesAnyPostcode() {
        CompiledProfile p = CompiledProfile.compile("e", "p", spec(List.of(new ProfileSpec.Range(5200, 5500),
                new ProfileSpec.Range(1000, 1000)), List.of("93"), List.of(), null, List.of(), null));
        assertThat(p.postcodeAllowed(5200)).isTrue();
        assertThat(p.postcodeAllowed(5500)).isTrue();
        assertThat(p.postcodeAllowed(5501)).isFalse();
        assertThat(p.postcodeAllowed(1000)).isTrue();
        assertThat(p.postcodeAllowed(0)).isFalse();
        Registration foreign = Registration.newBuilder(registration(key(1), "5211AB", "93110"))
                .setVisitingAddress(null).setPostalAddress(null).build();
        assertThat(RegistrationFacts.of(foreign).postcode()).isZero();
        assertThat(p.explain(facts(registration(key(1), "5211AB", "93110"))).postcodeRange()).isEqualTo("5200-5500");
    }

    @Test
    void sectionsComeFromTheCodesOwnSbiVersion() {
        SbiCodes sbi = SbiCodes.get();
        assertThat(sbi.section("9313", SbiVersion.SBI2008)).isEqualTo('R');
        assertThat(sbi.section("93130", SbiVersion.SBI2025)).isEqualTo('S');
        assertThat(sbi.section("01241", SbiVersion.UNKNOWN)).isEqualTo('A');
        assertThat(sbi.section("0001", SbiVersion.SBI2008)).isEqualTo((char) 63);
        assertThat(sbi.isKnownPrefix("93")).isTrue();
        assertThat(sbi.isKnownPrefix("99999")).isFalse();
        int id = sbi.id("98765");
        assertThat(sbi.code(id)).isEqualTo("98765");
    }

    @Test
    void theBitsetMatcherAgreesWithProfileByProfileChecks() {
        Random random = new Random(42);
        String[] prefixes = {"01", "10", "1071", "47", "4711", "62", "6201", "69", "86", "93", "931", "9312", "96"};
        String[] codes = {"0111", "01241", "1071", "10711", "4711", "47191", "6201", "62010", "6920", "8621",
                "9311", "93122", "9313", "9602"};
        List<CompiledProfile> profiles = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int from = 1000 + random.nextInt(9000);
            List<ProfileSpec.Range> ranges = random.nextInt(10) == 0 ? List.of()
                    : List.of(new ProfileSpec.Range(from, Math.min(9999, from + random.nextInt(2000))));
            List<String> exclude = random.nextBoolean() ? List.of() : List.of(prefixes[random.nextInt(prefixes.length)]);
            profiles.add(CompiledProfile.compile("env-" + (i % 7), "p" + i, spec(ranges,
                    List.of(prefixes[random.nextInt(prefixes.length)], prefixes[random.nextInt(prefixes.length)]),
                    exclude, random.nextBoolean() ? "ANY" : "PRIMARY",
                    random.nextInt(4) == 0 ? List.of("BV", "NV") : List.of(),
                    random.nextInt(4) == 0 ? random.nextInt(20) : null)));
        }
        RoutingMatcher matcher = new RoutingMatcher(profiles);
        for (int r = 0; r < 3000; r++) {
            Registration reg = Registration.newBuilder(registration(key(r),
                    random.nextInt(20) == 0 ? "" : String.format("%04dAB", 1000 + random.nextInt(9000)),
                    codes[random.nextInt(codes.length)], codes[random.nextInt(codes.length)],
                    codes[random.nextInt(codes.length)]))
                    .setEmployees(random.nextBoolean() ? null : random.nextInt(30))
                    .setLegalForm(nl.kvksync.contracts.kvk.LegalForm.values()[random.nextInt(5)]).build();
            RegistrationFacts f = RegistrationFacts.of(reg);
            List<CompiledProfile> expected = profiles.stream().filter(p -> p.matches(f)).toList();
            assertThat(matcher.match(f)).isEqualTo(expected);
            assertThat(matcher.count(f)).isEqualTo(expected.size());
        }
    }

    static RegistrationFacts facts(Registration r) {
        return RegistrationFacts.of(r);
    }
}
