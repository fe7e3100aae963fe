package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.SbiActivity;
import org.junit.jupiter.api.Test;

class OrganisationFieldsTest {

    @Test
    void displaysADutchAddressOnOneLine() {
        Address a = Address.newBuilder().setStreet("Abebe Bikilalaan").setHouseNumber(17).setHouseLetter("M")
                .setPostcode("1034WL").setCity("Amsterdam").setCountry("Nederland").build();

        assertThat(OrganisationFields.display(a)).isEqualTo("Abebe Bikilalaan 17M, 1034WL Amsterdam");
    }

    @Test
    void displaysAForeignAddressWithItsCountry() {
        Address a = Address.newBuilder().setStreetAndNumber("Rue de la Loi 16").setPostcodeAndCity("1000 Bruxelles")
                .setCountry("België").build();

        assertThat(OrganisationFields.display(a)).isEqualTo("Rue de la Loi 16, 1000 Bruxelles, België");
    }

    @Test
    void displaysAPostOfficeBox() {
        Address a = Address.newBuilder().setPoBox(1234).setPostcode("5600AB").setCity("Eindhoven").build();

        assertThat(OrganisationFields.display(a)).isEqualTo("Postbus 1234, 5600AB Eindhoven");
    }

    @Test
    void takesThePrimarySbiAndTheLegalFormTextFromARegistration() {
        Registration r = Registration.newBuilder().setRegistrationKey("000038509504").setKvkNummer("69599084")
                .setVestigingsnummer("000038509504")
                .setSbiActivities(List.of(
                        SbiActivity.newBuilder().setCode("10120").setDescription("Gevogelte").setPrimary(false).build(),
                        SbiActivity.newBuilder().setCode("10110").setDescription("Vlees").setPrimary(true).build()))
                .setLegalForm(LegalForm.EENMANSZAAK).setLegalFormText("Eenmanszaak").setEmployees(3).build();

        var values = OrganisationFields.of(r);

        assertThat(values).containsEntry("sbiCode", "10110").containsEntry("sbiDescription", "Vlees")
                .containsEntry("legalForm", "Eenmanszaak").containsEntry("employees", "3")
                .containsEntry("kvkNummer", "69599084").containsEntry("website", null);
        assertThat(values.keySet()).containsExactlyElementsOf(OrganisationFields.ALL);
    }
}
