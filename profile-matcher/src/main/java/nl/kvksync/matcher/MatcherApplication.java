package nl.kvksync.matcher;

import nl.kvksync.contracts.AvroWire;
import nl.kvksync.contracts.KafkaCompression;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MatcherApplication {

    public static void main(String[] args) {
        AvroWire.trustGeneratedPackages();
        KafkaCompression.preferNativeLz4();
        SpringApplication.run(MatcherApplication.class, args);
    }
}
