package nl.kvksync.ingestor.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationStoreTest {

    @TempDir
    Path dir;

    static Registration reg(String vestigingsnummer, String kvk, String name, String postcode) {
        return Registration.newBuilder().setRegistrationKey(vestigingsnummer).setKvkNummer(kvk)
                .setVestigingsnummer(vestigingsnummer).setTradeName(name).setTradeNames(List.of(name))
                .setVisitingAddress(Address.newBuilder().setPostcode(postcode).setCity("Amsterdam").build()).build();
    }

    @Test
    void keepsSnapshotsIndexesAndTheMarkerAcrossARestart() {
        Registration a = reg("000000000001", "11111111", "Bakkerij Zoë", "1034WL");
        Registration b = reg("000000000002", "11111111", "Slagerij Jansen", "5211AB");
        try (RegistrationStore store = new RegistrationStore(dir, 8 << 20)) {
            assertThat(store.needsRebuild()).isTrue();
            store.apply(List.of(new RegistrationStore.Change(null, a), new RegistrationStore.Change(null, b)),
                    "run-1\t2");
        }
        try (RegistrationStore store = new RegistrationStore(dir, 8 << 20)) {
            assertThat(store.needsRebuild()).isFalse();
            assertThat(store.get("000000000001")).isEqualTo(a);
            assertThat(store.appliedMarker()).isEqualTo("run-1\t2");
            assertThat(store.keysByKvkNummer("11111111", 10)).containsExactly("000000000001", "000000000002");
            assertThat(store.keysByPostcodePrefix("1034", 10, k -> true)).containsExactly("000000000001");
            assertThat(store.keysByNameWordPrefix("zoe", 10, k -> true)).as("accents folded")
                    .containsExactly("000000000001");

            Registration renamed = reg("000000000001", "11111111", "Banketbakkerij Noord", "1034WL");
            store.apply(List.of(new RegistrationStore.Change(a, renamed)), "run-2\t1");
            assertThat(store.keysByNameWordPrefix("zoe", 10, k -> true)).as("old index entries removed").isEmpty();
            assertThat(store.keysByNameWordPrefix("banket", 10, k -> true)).containsExactly("000000000001");
            assertThat(store.keys(null, 10)).containsExactly("000000000001", "000000000002");
            assertThat(store.keys("000000000001", 10)).containsExactly("000000000002");

            store.clear();
            assertThat(store.get("000000000002")).isNull();
            assertThat(store.keysByKvkNummer("11111111", 10)).isEmpty();
            assertThat(store.keysByPostcodePrefix("", 10, k -> true)).isEmpty();
            assertThat(store.keysByNameWordPrefix("", 10, k -> true)).isEmpty();
            assertThat(store.appliedMarker()).isNull();
        }
    }

    @Test
    void readsSnapshotsInOneBatchedReadHitsAndMissesAlike() {
        Registration a = reg("000000000001", "11111111", "Bakkerij Zoë", "1034WL");
        Registration b = reg("000000000002", "22222222", "Slagerij Jansen", "5211AB");
        try (RegistrationStore store = new RegistrationStore(dir, 8 << 20)) {
            store.apply(List.of(new RegistrationStore.Change(null, a), new RegistrationStore.Change(null, b)),
                    "run-1\t2");
            var raw = store.rawSnapshots(List.of("000000000002", "000000000009", "000000000001"));
            assertThat(raw).containsOnlyKeys("000000000001", "000000000002", "000000000009");
            assertThat(raw.get("000000000009")).as("a key the replica does not hold").isNull();
            assertThat(store.stored(raw.get("000000000009"))).isNull();
            RegistrationStore.Stored first = store.stored(raw.get("000000000001"));
            assertThat(first.registration()).isEqualTo(a);
            assertThat(first.avro()).isEqualTo(store.getStored("000000000001").avro());
            assertThat(store.stored(raw.get("000000000002")).registration()).isEqualTo(b);
        }
    }

    @Test
    void pendingChangesAreInvisibleUntilWrittenAndARegistrationChangedTwiceKeepsOnlyItsLastIndexEntries() {
        Registration a = reg("000000000001", "11111111", "Bakkerij Zoë", "1034WL");
        Registration b = reg("000000000002", "22222222", "Slagerij Jansen", "5211AB");
        Registration renamed = reg("000000000001", "11111111", "Banketbakkerij Noord", "2011AA");
        Registration again = reg("000000000001", "11111111", "Noord Brood", "2011AA");
        try (RegistrationStore store = new RegistrationStore(dir, 8 << 20);
                RegistrationStore.Pending pending = store.pending()) {
            store.apply(List.of(new RegistrationStore.Change(null, a)), "run-1\t1");

            // one batch: a new registration, and a known one changed twice (each change names the one it replaces)
            pending.add(null, b, null);
            pending.add(a, renamed, null);
            pending.add(store.stored(pending.snapshot("000000000001")).registration(), again, null);
            assertThat(store.stored(pending.snapshot("000000000001")).registration()).isEqualTo(again);
            assertThat(pending.snapshot("000000000009")).isNull();
            assertThat(store.get("000000000001")).as("nothing written before apply").isEqualTo(a);
            assertThat(store.get("000000000002")).isNull();
            assertThat(store.appliedMarker()).isEqualTo("run-1\t1");

            store.apply(pending, "run-2\t3");
            assertThat(pending.isEmpty()).isTrue();
            assertThat(pending.snapshot("000000000001")).isNull();
            assertThat(store.appliedMarker()).isEqualTo("run-2\t3");
            assertThat(store.get("000000000001")).isEqualTo(again);
            assertThat(store.get("000000000002")).isEqualTo(b);
            assertThat(store.keysByNameWordPrefix("zoe", 10, k -> true)).isEmpty();
            assertThat(store.keysByNameWordPrefix("banket", 10, k -> true)).as("the middle snapshot's words").isEmpty();
            assertThat(store.keysByNameWordPrefix("noord", 10, k -> true)).containsExactly("000000000001");
            assertThat(store.keysByPostcodePrefix("1034", 10, k -> true)).isEmpty();
            assertThat(store.keysByPostcodePrefix("2011", 10, k -> true)).containsExactly("000000000001");
            assertThat(store.keysByKvkNummer("22222222", 10)).containsExactly("000000000002");

            // dropped changes leave the replica as it was
            pending.add(again, a, null);
            pending.clear();
            store.apply(pending, "run-3\t1");
            assertThat(store.get("000000000001")).isEqualTo(again);
            assertThat(store.keysByNameWordPrefix("zoe", 10, k -> true)).isEmpty();
        }
    }
}
