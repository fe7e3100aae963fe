package nl.kvksync.review.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.kvksync.review.platform.ProblemException;
import nl.kvksync.review.sbi.SbiCatalogue;
import org.junit.jupiter.api.Test;

class ProfileValidatorTest {

    final ProfileValidator validator = new ProfileValidator(SbiCatalogue.load());

    private Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Sport Eindhoven");
        body.put("organisationType", "prospect");
        body.put("postcodeRanges", List.of(Map.of("from", 5200, "to", 5500)));
        body.put("sbiInclude", List.of("93", "8551"));
        body.put("sbiExclude", List.of("9312"));
        return body;
    }

    private List<String> errorFields(Map<String, Object> body, List<String> types) {
        try {
            validator.validate(body, types);
            return List.of();
        } catch (ProblemException e) {
            return e.errors().stream().map(ProblemException.FieldError::field).toList();
        }
    }

    @Test
    void acceptsAValidProfileWithDefaults() {
        ProfileSpec spec = validator.validate(valid(), List.of("customer", "prospect"));
        assertThat(spec.sbiScope()).isEqualTo("PRIMARY");
        assertThat(spec.offerNewRegistrations()).isFalse();
        assertThat(spec.postcodeRanges()).containsExactly(new ProfileSpec.PostcodeRange(5200, 5500));
        assertThat(spec.toJson()).containsEntry("sbiInclude", List.of("93", "8551"));
    }

    @Test
    void namesEveryOffendingField() {
        Map<String, Object> body = valid();
        body.put("postcodeRanges", List.of(Map.of("from", 5500, "to", 5200), Map.of("from", "52a0", "to", 5300),
                Map.of("from", 999, "to", 10000), "5200-5300"));
        body.put("sbiInclude", List.of());
        body.put("sbiExclude", List.of("99999", "9", 93));
        body.put("legalForms", List.of("BV", "LTD"));
        body.put("minEmployees", 2.5);
        assertThat(errorFields(body, List.of())).containsExactly("postcodeRanges[0].from",
                "postcodeRanges[1].from", "postcodeRanges[2].from", "postcodeRanges[2].to", "postcodeRanges[3]",
                "sbiInclude", "sbiExclude[0]", "sbiExclude[1]", "sbiExclude[2]", "legalForms[1]", "minEmployees");
    }

    @Test
    void requiresNameTypeAndAnIncludeListAndKnowsTheEnvironmentsTypes() {
        assertThat(errorFields(Map.of(), List.of())).containsExactly("name", "organisationType", "sbiInclude");
        assertThat(errorFields(valid(), List.of("customer"))).containsExactly("organisationType");
        Map<String, Object> typo = valid();
        typo.put("sbiIncludes", List.of("93"));
        assertThat(errorFields(typo, List.of())).containsExactly("sbiIncludes");
    }

    @Test
    void theProblemSaysWhatIsWrongWithTheFirstField() {
        Map<String, Object> body = valid();
        body.put("sbiInclude", List.of("99999"));
        assertThatThrownBy(() -> validator.validate(body, List.of())).isInstanceOf(ProblemException.class)
                .hasMessage("invalid profile: sbiInclude[0] unknown SBI code or prefix '99999' (neither SBI 2008 nor SBI "
                        + "2025 has a code starting with it)");
    }
}
