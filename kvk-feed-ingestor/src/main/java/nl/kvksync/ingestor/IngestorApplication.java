package nl.kvksync.ingestor;

import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.KafkaCompression;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestorApplication {

    public static void main(String[] args) {
        AvroWire.trustGeneratedPackages();
        KafkaCompression.preferNativeLz4();
        SpringApplication.run(IngestorApplication.class, args);
    }
}
