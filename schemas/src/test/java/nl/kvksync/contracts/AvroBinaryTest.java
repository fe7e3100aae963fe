package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import org.junit.jupiter.api.Test;

class AvroBinaryTest {

    @Test
    void aValueThatFailsHalfWayLeavesNothingForTheNext() {
        AvroBinary<Registration> avro = AvroBinary.registrations();
        Registration good = registration("000038509504", "69599084");
        byte[] fresh = AvroBinary.registrations().encode(good);

        Registration broken = registration("000038509505", null); // kvkNummer is required: fails after the key
        assertThatThrownBy(() -> avro.encode(broken)).isInstanceOf(RuntimeException.class);

        assertThat(avro.encode(good)).isEqualTo(fresh);
    }

    @Test
    void reusedEncoderWritesEachValueAlone() {
        AvroBinary<Registration> avro = AvroBinary.registrations();
        byte[] first = avro.encode(registration("000038509504", "69599084"));
        byte[] second = avro.encode(registration("000012345674", "12345678"));
        assertThat(avro.encode(registration("000038509504", "69599084"))).isEqualTo(first);
        assertThat(second).isNotEqualTo(first).hasSize(first.length);
    }

    private static Registration registration(String key, String kvk) {
        Registration r = new Registration();
        r.setRegistrationKey(key);
        r.setKvkNummer(kvk);
        r.setTradeNames(List.of("Bakkerij de Zon"));
        r.setSbiActivities(List.of());
        r.setStatus(RegistrationStatus.ACTIVE);
        return r;
    }
}
