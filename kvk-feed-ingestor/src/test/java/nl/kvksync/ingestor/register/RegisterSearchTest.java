package nl.kvksync.ingestor.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.ingestor.replica.RegistrationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterSearchTest {

    @TempDir
    Path dir;
    RegistrationStore store;
    RegisterSearch search;

    static Registration reg(int n, String kvk, String name, String statutory, String postcode) {
        String v = String.format("%012d", n);
        return Registration.newBuilder().setRegistrationKey(v).setKvkNummer(kvk).setVestigingsnummer(v)
                .setTradeName(name).setTradeNames(List.of(name)).setStatutoryName(statutory)
                .setVisitingAddress(Address.newBuilder().setPostcode(postcode).build()).build();
    }

    @BeforeEach
    void fill() {
        store = new RegistrationStore(dir, 8 << 20);
        List<RegistrationStore.Change> changes = new ArrayList<>();
        changes.add(new RegistrationStore.Change(null, reg(1, "10000001", "Bakkerij de Zon", "De Zon B.V.", "1034WL")));
        changes.add(new RegistrationStore.Change(null, reg(2, "10000001", "Bakkerij de Maan", null, "1034AB")));
        changes.add(new RegistrationStore.Change(null, reg(3, "10000002", "Slagerij Zonneveld", null, "5211AB")));
        for (int i = 10; i < 40; i++) {
            changes.add(new RegistrationStore.Change(null, reg(i, "20000000", "Kapper " + i, null, "3011AA")));
        }
        store.apply(changes, null);
        search = new RegisterSearch(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static RegisterSearch.Query q(String kvk, String vestiging, String naam, String postcode) {
        return new RegisterSearch.Query(kvk, vestiging, RegisterSearch.words(naam), postcode);
    }

    @Test
    void findsByNameWordsAsPrefixesInAnyNameField() {
        assertThat(search.search(q(null, null, "bakk zon", null), 0, 20).items())
                .extracting(Registration::getTradeName).containsExactly("Bakkerij de Zon");
        assertThat(search.search(q(null, null, "zon", null), 0, 20).items())
                .extracting(Registration::getTradeName).containsExactlyInAnyOrder("Bakkerij de Zon", "Slagerij Zonneveld");
        assertThat(search.search(q(null, null, "B.V.", null), 0, 20).total()).as("statutory name").isEqualTo(1);
    }

    @Test
    void combinesCriteria() {
        assertThat(search.search(q("10000001", null, null, "1034A"), 0, 20).items())
                .extracting(Registration::getTradeName).containsExactly("Bakkerij de Maan");
        assertThat(search.search(q(null, "000000000003", null, null), 0, 20).items()).hasSize(1);
        assertThat(search.search(q(null, "000000000003", "bakkerij", null), 0, 20).items()).isEmpty();
        assertThat(search.search(q(null, null, "bakkerij", "5211"), 0, 20).total()).isZero();
    }

    @Test
    void pagesWithATotal() {
        RegisterSearch.Page first = search.search(q(null, null, null, "3011"), 0, 20);
        RegisterSearch.Page second = search.search(q(null, null, null, "3011"), 1, 20);
        assertThat(first.total()).isEqualTo(30);
        assertThat(first.items()).hasSize(20);
        assertThat(second.items()).hasSize(10);
        assertThat(first.totalIsLowerBound()).isFalse();
        assertThat(first.items()).doesNotContainAnyElementsOf(second.items());
    }
}
