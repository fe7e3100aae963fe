package nl.kvksync.ingestor;

import nl.kvksync.contracts.AvroWire;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestorApplication {

    public static void main(String[] args) {
        AvroWire.trustGeneratedPackages();
        SpringApplication.run(IngestorApplication.class, args);
    }
}
