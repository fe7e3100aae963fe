package nl.kvksync.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import nl.kvksync.contracts.matcher.ProposalRaised;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class PerSchemaTest {

    @Test
    void aNewButEqualSchemaInstanceReusesTheValueAndStaleInstancesAreForgotten() {
        PerSchema<String> cache = new PerSchema<>();
        AtomicInteger created = new AtomicInteger();
        String json = ProposalRaised.getClassSchema().toString();
        Schema first = new Schema.Parser().parse(json);

        String value = cache.get(first, s -> "reader-" + created.incrementAndGet());
        assertThat(cache.get(first, s -> "reader-" + created.incrementAndGet())).isSameAs(value);
        for (int refresh = 0; refresh < 100; refresh++) { // what the registry cache hands out every 30 s
            Schema again = new Schema.Parser().parse(json);
            assertThat(again).isNotSameAs(first).isEqualTo(first);
            assertThat(cache.get(again, s -> "reader-" + created.incrementAndGet())).isSameAs(value);
        }
        assertThat(created).hasValue(1);

        Schema other = new Schema.Parser().parse(nl.kvksync.contracts.kvk.Registration.getClassSchema().toString());
        assertThat(cache.get(other, s -> "reader-" + created.incrementAndGet())).isEqualTo("reader-2");
        assertThat(cache.sizes()).satisfies(sizes -> {
            assertThat(sizes[0]).as("instances remembered").isLessThanOrEqualTo(16);
            assertThat(sizes[1]).as("schemas remembered").isEqualTo(2);
        });
    }
}
