package nl.kvksync.crmsync.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.crmsync.support.Registrations;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RegistrationJsonTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsTheRegistrationAsTheIngestorWritesItWithAvroFieldNames() {
        Registration dagobert = Registrations.dagobert().build();
        // GenericData's JSON form: plain values, enums by symbol, nested records as objects
        Registration read = RegistrationJson.read(JSON.readTree(GenericData.get().toString(dagobert)));
        assertThat(read).isEqualTo(dagobert);
    }

    @Test
    void readsAvroJsonEncodedUnionsAndToleratesUnknownSymbolsAndFields() {
        Registration read = RegistrationJson.read(JSON.readTree(("{'registrationKey': 'kvk:69599084', "
                + "'kvkNummer': '69599084', 'tradeName': {'string': 'Dagobert'}, 'employees': {'int': 3}, "
                + "'legalForm': {'nl.kvksync.contracts.kvk.LegalForm': 'STICHTING'}, 'status': 'DORMANT', "
                + "'somethingNew': 1}").replace('\'', '"')));
        assertThat(read.getTradeName()).isEqualTo("Dagobert");
        assertThat(read.getEmployees()).isEqualTo(3);
        assertThat(read.getLegalForm()).isEqualTo(LegalForm.STICHTING);
        assertThat(read.getStatus()).isEqualTo(RegistrationStatus.UNKNOWN);
        assertThat(read.getTradeNames()).isEmpty();
    }

    @Test
    void readsASearchPageAndRefusesARegistrationWithoutItsKeys() {
        String page = "{\"items\": [" + GenericData.get().toString(Registrations.dagobert().build()) + ","
                + GenericData.get().toString(Registrations.grandJoyflex().build()) + "], \"total\": 2}";
        List<Registration> read = RegistrationJson.readList(JSON.readTree(page));
        assertThat(read).extracting(Registration::getKvkNummer).containsExactly("69599084", "90001354");
        assertThatThrownBy(() -> RegistrationJson.read(JSON.readTree("{\"tradeName\": \"x\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registrationKey");
    }
}
