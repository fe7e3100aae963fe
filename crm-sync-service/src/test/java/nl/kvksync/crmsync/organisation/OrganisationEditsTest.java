package nl.kvksync.crmsync.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.FieldProvenance;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.crmsync.platform.ApiException.FieldError;
import nl.kvksync.crmsync.support.Registrations;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OrganisationEditsTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-27T15:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final OrganisationEdits.TypeRule ANY = type -> true;

    static JsonNode json(String s) {
        return JSON.readTree(s.replace('\'', '"'));
    }

    Organisation fromKvk() {
        return Organisations.fromRegistration("o-1", "acme", "customer", Registrations.dagobert().build(), T0);
    }

    @Test
    void normalisesValuesToTheRegisterForm() {
        Organisation o = Organisations.blank("o-1", "acme", null, T0);
        var result = OrganisationEdits.apply(o, json("{'phone': '020 - 123 45 67', 'website': 'www.Example.nl',"
                + " 'visitingAddress': {'street': 'Markt', 'houseNumber': 1, 'houseLetter': 'a', 'postcode': '5211 ab',"
                + " 'city': 'Den Bosch'}, 'legalForm': 'bv', 'foundingDate': '2015-06'}"), ANY, "jan", T1);

        assertThat(result.errors()).isEmpty();
        assertThat(o.getPhone()).isEqualTo("+31201234567");
        assertThat(o.getWebsite()).isEqualTo("https://www.Example.nl");
        assertThat(o.getVisitingAddress().getPostcode()).isEqualTo("5211AB");
        assertThat(o.getVisitingAddress().getHouseLetter()).isEqualTo("A");
        assertThat(o.getLegalForm()).isEqualTo(LegalForm.BV);
        assertThat(o.getFoundingDate()).isEqualTo("2015-06");
        assertThat(result.changedFields()).containsExactly("website", "phone", "visitingAddress", "foundingDate",
                "legalForm");
    }

    @Test
    void recordsUserProvenanceOnlyForFieldsThatChangedKeepingWhatKvkSaid() {
        Organisation o = fromKvk();
        var result = OrganisationEdits.apply(o, json("{'tradeName': 'Dagobert', 'employees': 1}"), ANY, "jan", T1);

        assertThat(result.changedFields()).containsExactly("tradeName");
        FieldProvenance tradeName = o.getProvenance().get("tradeName");
        assertThat(tradeName.getSource()).isEqualTo(ChangeSource.USER);
        assertThat(tradeName.getChangedBy()).isEqualTo("jan");
        assertThat(tradeName.getChangedAt()).isEqualTo(T1);
        assertThat(tradeName.getKvkValue()).isEqualTo("Test EMZ Dagobert");
        assertThat(tradeName.getSyncedAt()).isEqualTo(T0);
        assertThat(o.getProvenance().get("employees").getSource()).as("same value: no edit").isEqualTo(ChangeSource.KVK);
    }

    @Test
    void nullClearsAFieldAndALegalFormReplacesTheFreeTextUnlessTextIsGivenToo() {
        Organisation o = fromKvk();
        OrganisationEdits.apply(o, json("{'sbiDescription': null, 'legalForm': 'VOF'}"), ANY, "jan", T1);
        assertThat(o.getSbiDescription()).isNull();
        assertThat(o.getLegalForm()).isEqualTo(LegalForm.VOF);
        assertThat(o.getLegalFormText()).isNull();
        assertThat(OrganisationFields.of(o).get("legalForm")).isEqualTo("VOF");

        OrganisationEdits.apply(o, json("{'legalFormText': 'Vennootschap onder firma', 'legalForm': 'VOF'}"), ANY,
                "jan", T1);
        assertThat(o.getLegalFormText()).isEqualTo("Vennootschap onder firma");
    }

    @Test
    void refusesInvalidInputFieldByFieldAndAppliesNothing() {
        Organisation o = fromKvk();
        var result = OrganisationEdits.apply(o, json("{'rsin': '123456789', 'kvkNummer': '1234', 'vestigingsnummer':"
                + " 12, 'employees': -1, 'tradeName': '  ', 'website': 'not a url', 'phone': '12',"
                + " 'foundingDate': '2015-13-01', 'sbiCode': '9', 'legalForm': 'LLC', 'colour': 'red',"
                + " 'version': 3, 'type': 'supplier', 'postalAddress': {'poBox': 0, 'town': 'X'}}"),
                type -> !"supplier".equals(type), "jan", T1);

        assertThat(result.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("rsin", "kvkNummer",
                "vestigingsnummer", "employees", "tradeName", "website", "phone", "foundingDate", "sbiCode",
                "legalForm", "colour", "version", "type", "postalAddress.town", "postalAddress.poBox",
                "postalAddress");
        assertThat(result.errors()).contains(new FieldError("rsin", "fails the eleven-check"),
                new FieldError("version", "is read-only"));
        assertThat(o.getTradeName()).isEqualTo("Test EMZ Dagobert");
        assertThat(o.getVersion()).isEqualTo(1);
    }

    @Test
    void theElevenCheckOfTheRsin() {
        assertThat(OrganisationEdits.elevenCheck("992760562")).isTrue();
        assertThat(OrganisationEdits.elevenCheck("992760563")).isFalse();
    }

    @Test
    void anOrganisationTypedInByHandNeedsAName() {
        Organisation o = Organisations.blank("o-1", "acme", null, T0);
        OrganisationEdits.apply(o, json("{'website': 'https://example.nl'}"), ANY, "jan", T1);
        assertThat(OrganisationEdits.requireName(o)).extracting(FieldError::field).containsExactly("tradeName");
        assertThat(OrganisationEdits.apply(o, json("[1]"), ANY, "jan", T1).errors()).isNotEmpty();
        assertThat(List.of(OrganisationEdits.apply(o, json("{}"), ANY, "jan", T1).changed())).containsExactly(false);
    }
}
