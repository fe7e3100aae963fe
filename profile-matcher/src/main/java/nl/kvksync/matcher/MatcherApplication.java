package nl.kvksync.matcher;

import nl.kvksync.contracts.AvroWire;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MatcherApplication {

    public static void main(String[] args) {
        AvroWire.trustGeneratedPackages();
        SpringApplication.run(MatcherApplication.class, args);
    }
}
