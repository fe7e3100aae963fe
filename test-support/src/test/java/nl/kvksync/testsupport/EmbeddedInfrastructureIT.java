package nl.kvksync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClients;
import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.testsupport.infra.EmbeddedInfrastructure;
import nl.kvksync.testsupport.infra.Infrastructure;
import nl.kvksync.testsupport.kafka.AvroClients;
import nl.kvksync.testsupport.kafka.PlainConfluentReader;
import org.apache.avro.generic.GenericRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * What every suite relies on: Avro through the real broker and registry in Confluent framing, subjects with
 * BACKWARD_TRANSITIVE, and MongoDB. Runs against the embedded engines here and against real servers in containers
 * ({@link ContainerInfrastructureIT}) where Docker exists.
 */
class EmbeddedInfrastructureIT {

    final Infrastructure infra = infrastructure();

    Infrastructure infrastructure() {
        return EmbeddedInfrastructure.shared();
    }

    @Test
    void avroRecordsTravelThroughTheRealBrokerAndRegistryInConfluentFraming() throws Exception {
        String environmentId = "env-" + UUID.randomUUID();
        EnvironmentChanged sent = EnvironmentChanged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2026-11-27T14:00:00Z")).setEnvironmentId(environmentId)
                .setName("Test").setBasicModule(true).setAdvancedModule(true).setVersion(1).build();

        AvroClients.send(infra, Topics.ENVIRONMENTS, environmentId, sent);

        var received = AvroClients.await(infra, Topics.ENVIRONMENTS, EnvironmentChanged.class,
                e -> e.getEnvironmentId().equals(environmentId), found -> !found.isEmpty(), Duration.ofSeconds(30));
        assertThat(received).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(sent));

        List<GenericRecord> plain = new ArrayList<>();
        try (PlainConfluentReader reader = new PlainConfluentReader(infra.bootstrapServers(), infra.registryUrl(),
                Topics.ENVIRONMENTS)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (plain.stream().noneMatch(r -> r.get("environmentId").toString().equals(environmentId))
                    && System.nanoTime() < deadline) {
                plain.addAll(reader.poll(Duration.ofMillis(200)));
            }
        }
        assertThat(plain).anySatisfy(r -> {
            assertThat(r.get("environmentId").toString()).isEqualTo(environmentId);
            assertThat(r.get("advancedModule")).isEqualTo(true);
        });
    }

    @Test
    void everySubjectIsRegisteredWithBackwardTransitiveCompatibility() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String subjects = http.send(HttpRequest.newBuilder(URI.create(infra.registryUrl() + "/apis/ccompat/v7/subjects"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(subjects).contains("\"" + Topics.PROPOSAL_RAISED + "-value\"")
                .contains("\"" + Topics.PROPOSAL_RAISED + "-dlt-value\"");

        String config = http.send(HttpRequest.newBuilder(URI.create(infra.registryUrl()
                + "/apis/ccompat/v7/config/" + Topics.ORGANISATION_CHANGED + "-value")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(config).contains("BACKWARD_TRANSITIVE");
    }

    @Test
    void mongoStandInStoresAndFinds() {
        try (var client = MongoClients.create(infra.mongoUri())) {
            var collection = client.getDatabase("it").getCollection("things");
            collection.insertOne(new Document("_id", "a").append("n", 1));

            assertThat(collection.find(new Document("_id", "a")).first()).containsEntry("n", 1);
            assertThat(client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isIn(1, 1.0);
        }
    }
}
