package nl.kvksync.testsupport.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer that knows nothing of this project: it reads raw bytes, takes the Confluent framing apart
 * (magic byte 0, 4-byte big-endian schema id), fetches the writer schema from
 * {@code <registry>/apis/ccompat/v7/schemas/ids/{id}} and decodes with plain Avro into GenericRecords. It proves
 * that any Confluent-compatible client can read the platform's public topics.
 */
public final class PlainConfluentReader implements AutoCloseable {

    private final String confluentApi;
    private final KafkaConsumer<String, byte[]> consumer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public PlainConfluentReader(String bootstrapServers, String registryBaseUrl, String topic) {
        this.confluentApi = registryBaseUrl + "/apis/ccompat/v7";
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "plain-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    public List<GenericRecord> poll(Duration timeout) {
        List<GenericRecord> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            records.add(decode(record.value()));
        }
        return records;
    }

    public GenericRecord decode(byte[] framed) {
        ByteBuffer buffer = ByteBuffer.wrap(framed);
        byte magic = buffer.get();
        if (magic != 0) {
            throw new IllegalArgumentException("not Confluent-framed: magic byte " + magic);
        }
        int id = buffer.getInt();
        Schema writer = schemas.computeIfAbsent(id, this::fetchSchema);
        try {
            return new GenericDatumReader<GenericRecord>(writer).read(null, DecoderFactory.get()
                    .binaryDecoder(framed, buffer.position(), framed.length - buffer.position(), null));
        } catch (IOException e) {
            throw new IllegalArgumentException("undecodable Avro body for schema id " + id, e);
        }
    }

    private Schema fetchSchema(int id) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(confluentApi
                    + "/schemas/ids/" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("registry has no schema " + id + ": HTTP " + response.statusCode());
            }
            // {"schema":"<escaped json>", ...}: let Avro's own JSON parser unescape it.
            String body = response.body();
            com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return new Schema.Parser().parse(node.get("schema").asText());
        } catch (IOException e) {
            throw new IllegalStateException("registry unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
