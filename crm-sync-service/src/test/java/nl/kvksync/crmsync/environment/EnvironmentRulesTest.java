package nl.kvksync.crmsync.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import nl.kvksync.crmsync.platform.ApiException.FieldError;
import org.junit.jupiter.api.Test;

class EnvironmentRulesTest {

    @Test
    void advancedRequiresBasic() {
        assertThat(EnvironmentRules.switchModules(false, false, null, true).valid()).isFalse();
        assertThat(EnvironmentRules.switchModules(false, false, false, true).valid()).isFalse();
        var on = EnvironmentRules.switchModules(false, false, true, true);
        assertThat(on.basic()).isTrue();
        assertThat(on.advanced()).isTrue();
    }

    @Test
    void switchingBasicOffSwitchesAdvancedOff() {
        var off = EnvironmentRules.switchModules(true, true, false, null);
        assertThat(off.valid()).isTrue();
        assertThat(off.basic()).isFalse();
        assertThat(off.advanced()).isFalse();
    }

    @Test
    void aMissingModuleStaysAsItIs() {
        var advancedOff = EnvironmentRules.switchModules(true, true, null, false);
        assertThat(advancedOff.basic()).isTrue();
        assertThat(advancedOff.advanced()).isFalse();
        assertThat(EnvironmentRules.switchModules(true, true, null, null).valid()).isFalse();
    }

    @Test
    void validatesANewEnvironment() {
        assertThat(EnvironmentRules.validateNew("acme-1", "Acme", true, true, List.of("customer"))).isEmpty();
        assertThat(EnvironmentRules.validateNew("a:b", null, false, true, List.of("x", "x")))
                .extracting(FieldError::field)
                .containsExactly("environmentId", "advancedModule", "organisationTypes[1]");
        assertThat(EnvironmentRules.validateNew(null, null, null, null, null)).extracting(FieldError::field)
                .containsExactly("environmentId");
    }
}
